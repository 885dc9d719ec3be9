/**
 * The antd theme tokens of every face. Grey texts are dark enough for 4.5:1 on white and on the
 * page's light greys (antd's defaults, 0.45 and 0.25 black, give 3.4:1 and 1.8:1); links and the
 * danger colour likewise. The elder-friendly mode adds larger type and controls at least 44 px
 * tall, and black text. docs/accessibility.md.
 */
export function themeTokens(elder: boolean) {
  const base = {
    colorPrimary: '#1657b5',
    colorLink: '#1657b5',
    colorInfo: '#1657b5',
    borderRadius: 6,
    colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.58)',
    colorError: '#cf1322',
    colorSuccess: '#237804',
    colorWarning: '#ad6800',
  };
  if (!elder) return base;
  return {
    ...base,
    colorText: '#000000',
    colorTextSecondary: 'rgba(0, 0, 0, 0.8)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.75)',
    colorTextDescription: 'rgba(0, 0, 0, 0.75)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.65)',
    colorBorder: '#8c8c8c',
    fontSize: 18,
    fontSizeSM: 16,
    fontSizeLG: 20,
    controlHeight: 44,
    controlHeightSM: 44,
    controlHeightLG: 52,
  };
}
