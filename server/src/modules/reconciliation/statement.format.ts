import { errors } from '../../lib/errors.ts';

/**
 * The channel statement file (对账文件), docs/fees.md "Reconciliation": CSV in UTF-8 (a BOM is
 * allowed), LF or CRLF, one file per channel per China day. Line 1 is the header below; each
 * following line is one transaction; an optional last line `TOTAL,<lines>,<sum_fen>` gives the
 * sums, checked when present. Fields are never quoted (none can hold a comma). Amounts are integer
 * fen; `paid_at` is China time `YYYY-MM-DD HH:mm:ss` and must fall on the statement's day.
 *
 * Parsing is all-or-nothing: the first bad line refuses the whole file with a code naming it, so
 * nothing is written for a bad file.
 */
export const STATEMENT_HEADER = 'channel_txn_id,notice_no,amount_fen,paid_at';
export const STATEMENT_MAX_BYTES = 128 * 1024 * 1024;
/** The largest amount a line may carry: the notices' own ceiling (total_fen < 10^11). */
export const MAX_LINE_FEN = 99_999_999_999;

export interface StatementLine {
  lineNo: number;
  channelTxnId: string;
  noticeNo: string;
  amountFen: number;
  /** China time as written, `YYYY-MM-DD HH:mm:ss`. */
  paidAt: string;
  /** The line number of the first line with the same channel transaction, for a repeated one. */
  duplicateOf: number | null;
}

export interface ParsedStatement {
  lines: StatementLine[];
  totalFen: number;
}

const TXN = /^[A-Za-z0-9_.:-]{1,64}$/;
const NOTICE = /^[A-Za-z0-9-]{1,40}$/;
const AMOUNT = /^[1-9][0-9]{0,10}$/;
const TIME = /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

const bad = (line: number, column: string, problem: 'columns' | 'value' | 'other_day' | 'after_total' = 'value') =>
  errors.STATEMENT_LINE_INVALID({ line, column, problem, field: 'file', details: { line, column, problem } });

export function parseStatement(bytes: Buffer, day: string): ParsedStatement {
  if (bytes.length === 0) throw errors.STATEMENT_EMPTY({ field: 'file' });
  if (bytes.length > STATEMENT_MAX_BYTES) throw errors.STATEMENT_TOO_LARGE({ limitMb: STATEMENT_MAX_BYTES / 1048576, field: 'file' });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw errors.STATEMENT_ENCODING({ field: 'file' });
  }
  if (text.includes('\0')) throw errors.STATEMENT_ENCODING({ field: 'file' });
  const rows = text.split('\n');
  if (rows[rows.length - 1] === '') rows.pop();
  const header = (rows[0] ?? '').replace(/\r$/, '').trim();
  if (header !== STATEMENT_HEADER) throw errors.STATEMENT_HEADER({ expected: STATEMENT_HEADER, field: 'file', details: { line: 1 } });

  const lines: StatementLine[] = [];
  const firstOf = new Map<string, number>();
  let totalFen = 0;
  let totalLine: number | null = null;
  for (let i = 1; i < rows.length; i++) {
    const lineNo = i + 1;
    let row = rows[i]!;
    if (row.endsWith('\r')) row = row.slice(0, -1);
    if (totalLine !== null) {
      if (row.trim() === '') continue;
      throw bad(lineNo, 'TOTAL', 'after_total');
    }
    const f = row.split(',');
    if (f[0] === 'TOTAL') {
      if (f.length !== 3 || !/^\d{1,9}$/.test(f[1]!) || !/^\d{1,16}$/.test(f[2]!)) throw bad(lineNo, 'TOTAL');
      if (Number(f[1]) !== lines.length || Number(f[2]) !== totalFen) {
        throw errors.STATEMENT_TOTAL_MISMATCH({ line: lineNo, lines: lines.length, fen: totalFen, field: 'file', details: { line: lineNo } });
      }
      totalLine = lineNo;
      continue;
    }
    if (f.length !== 4) throw bad(lineNo, 'columns', 'columns');
    const [txn, notice, amount, paidAt] = f as [string, string, string, string];
    if (!TXN.test(txn)) throw bad(lineNo, 'channel_txn_id');
    if (!NOTICE.test(notice)) throw bad(lineNo, 'notice_no');
    if (!AMOUNT.test(amount) || Number(amount) > MAX_LINE_FEN) throw bad(lineNo, 'amount_fen');
    const t = TIME.exec(paidAt);
    if (!t || !realDate(t[1]!)) throw bad(lineNo, 'paid_at');
    if (t[1] !== day) throw bad(lineNo, 'paid_at', 'other_day');
    const amountFen = Number(amount);
    totalFen += amountFen;
    const first = firstOf.get(txn);
    if (first === undefined) firstOf.set(txn, lineNo);
    lines.push({ lineNo, channelTxnId: txn, noticeNo: notice, amountFen, paidAt, duplicateOf: first ?? null });
  }
  return { lines, totalFen };
}

const realDateCache = new Map<string, boolean>();
function realDate(d: string): boolean {
  let ok = realDateCache.get(d);
  if (ok === undefined) {
    const t = new Date(`${d}T00:00:00Z`);
    ok = !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
    if (realDateCache.size < 1000) realDateCache.set(d, ok);
  }
  return ok;
}

/** Writes a statement file: the header, one line per transaction, and the totals line unless left out. */
export function formatStatement(lines: Array<{ channelTxnId: string; noticeNo: string; amountFen: number; paidAt: string }>, opts: { totals?: boolean } = {}): Buffer {
  const parts: string[] = [STATEMENT_HEADER];
  let sum = 0;
  for (const l of lines) {
    parts.push(`${l.channelTxnId},${l.noticeNo},${l.amountFen},${l.paidAt}`);
    sum += l.amountFen;
  }
  if (opts.totals !== false) parts.push(`TOTAL,${lines.length},${sum}`);
  return Buffer.from(`${parts.join('\n')}\n`, 'utf8');
}

/** A UTC instant as China time `YYYY-MM-DD HH:mm:ss` (UTC+8, no daylight saving). */
export const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
