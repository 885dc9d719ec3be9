import { z } from 'zod';

/**
 * How the applicant wants the result (送达方式), chosen with the application and changeable until the
 * result is delivered (modules/delivery). It sits below the domains because the application form of
 * the cases module carries it and the delivery module stores and uses it.
 * - pickup: at the center's delivery window (出件窗口);
 * - post: by post to the address given here, the only address a clerk may post to;
 * - cabinet: the self-pickup cabinet (自助取件柜, seed 004 三(三)3), opened with a pickup code.
 */
export const DELIVERY_METHODS = ['pickup', 'post', 'cabinet'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

const phone = z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/);
export const deliveryChoice = z.discriminatedUnion('method', [
  z.object({ method: z.literal('pickup') }),
  z.object({ method: z.literal('cabinet') }),
  z.object({
    method: z.literal('post'),
    recipientName: z.string().trim().min(1).max(50),
    recipientPhone: phone,
    regionCode: z.string().trim().regex(/^\d{6}$|^\d{9}$|^\d{12}$/).describe('GB/T 2260 code of the county (or the township/village below it) of the address'),
    address: z.string().trim().min(4).max(200).describe('street, building and room within the region'),
  }),
]).meta({ id: 'DeliveryChoice' });
export type DeliveryChoice = z.infer<typeof deliveryChoice>;
