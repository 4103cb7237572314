/**
 * Mẫu thông báo — the notifications' texts, in Vietnamese. Email carries the full text with its
 * diacritics; SMS the brand-name customer-care template registered with the carriers, without
 * diacritics (IsUnicode 0) and with each value cut to what a template slot takes. A template
 * changed here is registered again with the carriers before it is sent (the sandbox refuses an
 * unregistered one, as they do).
 */
export type Params = Record<string, string>;

interface Template {
  subject: (p: Params) => string;
  text: (p: Params) => string;
  sms: (p: Params) => string;
}

const SIGNATURE = '\n\n— Hệ thống Liên Thông Hub (thư tự động, xin không trả lời)';

export const TEMPLATES = {
  MEETING_INVITED: {
    subject: (p) => `Giấy mời họp: ${p['title']}`,
    text: (p) =>
      `${p['agency']} kính mời ${p['name']} dự họp: ${p['title']}.\nThời gian: ${p['startsAt']}.\nĐịa điểm: ${p['place']}.\nChương trình và tài liệu họp có trên hệ thống.${SIGNATURE}`,
    sms: (p) =>
      `${p['agency']} moi ${p['name']} du hop: ${p['title']}. Bat dau ${p['startsAt']}. Chi tiet tren he thong.`,
  },
  MEETING_CANCELLED: {
    subject: (p) => `Hủy cuộc họp: ${p['title']}`,
    text: (p) => `Cuộc họp "${p['title']}" (bắt đầu ${p['startsAt']}) đã bị hủy.\nLý do: ${p['reason']}.${SIGNATURE}`,
    sms: (p) => `Cuoc hop ${p['title']} (bat dau ${p['startsAt']}) da bi huy. Ly do: ${p['reason']}`,
  },
  OPINION_REQUESTED: {
    subject: (p) => `Phiếu lấy ý kiến: ${p['title']}`,
    text: (p) =>
      `${p['agency']} đề nghị ${p['name']} cho ý kiến về: ${p['title']}.\nHạn cho ý kiến: ${p['deadline']}.\nPhiếu lấy ý kiến có trên hệ thống.${SIGNATURE}`,
    sms: (p) => `${p['agency']} de nghi ${p['name']} cho y kien ve: ${p['title']}. Han ${p['deadline']}.`,
  },
  OPINION_REMINDER: {
    subject: (p) => `Nhắc hạn phiếu lấy ý kiến: ${p['title']}`,
    text: (p) =>
      `Phiếu lấy ý kiến "${p['title']}" hết hạn lúc ${p['deadline']}.\nĐề nghị ${p['name']} cho ý kiến trước thời hạn.${SIGNATURE}`,
    sms: (p) => `Nhac: phieu lay y kien ${p['title']} het han ${p['deadline']}. De nghi cho y kien.`,
  },
  OPINION_OVERDUE: {
    subject: (p) => `Quá hạn phiếu lấy ý kiến: ${p['title']}`,
    text: (p) =>
      `Phiếu lấy ý kiến "${p['title']}" đã quá hạn (${p['deadline']}) mà chưa có ý kiến của ${p['name']}.${SIGNATURE}`,
    sms: (p) => `Phieu lay y kien ${p['title']} da qua han ${p['deadline']}, chua co y kien cua ${p['name']}.`,
  },
  TASK_OVERDUE: {
    subject: (p) => `Nhiệm vụ quá hạn: ${p['title']}`,
    text: (p) =>
      `Nhiệm vụ "${p['title']}" theo thông báo kết luận cuộc họp đã quá hạn (${p['dueDate']}) mà chưa hoàn thành.${SIGNATURE}`,
    sms: (p) => `Nhiem vu ${p['title']} (han ${p['dueDate']}) da qua han, chua hoan thanh.`,
  },
} satisfies Record<string, Template>;

export type TemplateName = keyof typeof TEMPLATES;
export const isTemplate = (t: string): t is TemplateName => t in TEMPLATES;

/** Vietnamese without its diacritics (đ and Đ included): what a non-Unicode SMS carries. */
function unaccented(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e\n]/g, '?');
}

/** The SMS of a template: each value without diacritics, on one line, at most 60 characters (a template slot). */
export function smsText(template: TemplateName, params: Params): string {
  const slot = (v: string) => {
    const s = unaccented(v).replace(/\s+/g, ' ').trim();
    return s.length > 60 ? `${s.slice(0, 57)}...` : s || '-';
  };
  return TEMPLATES[template].sms(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, slot(v)])));
}

/** A time as people read it here: `HH:mm dd/MM/yyyy`, Vietnam time. */
export function vietnamTime(d: Date): string {
  const v = new Date(d.getTime() + 7 * 3_600_000).toISOString();
  return `${v.slice(11, 16)} ${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)}`;
}
