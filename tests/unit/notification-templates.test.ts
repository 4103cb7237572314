/**
 * The notifications' texts: every SMS the hub renders is one of the customer-care templates the
 * city registered with the carriers (the sandbox's registrations), without diacritics, each value
 * within a template slot; emails keep their Vietnamese.
 */
import { describe, expect, it } from 'vitest';
import {
  smsText,
  TEMPLATES,
  vietnamTime,
  type TemplateName,
} from '../../src/modules/notification/notification.templates.js';
import { SMS_TEMPLATES } from '../../src/sandbox/sms.double.js';
import { withoutAddresses } from '../../src/modules/notification/redact.js';

const registered = SMS_TEMPLATES.map(
  (t) => new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{x\}/g, '.{1,60}')}$`, 's'),
);
const values = {
  name: 'Đồng chí Giám đốc Sở Tư pháp thành phố Hải Phòng, kiêm Trưởng ban chỉ đạo chuyển đổi số',
  title: 'Dự thảo Quy chế làm việc của Ủy ban nhân dân thành phố nhiệm kỳ 2026-2031',
  startsAt: vietnamTime(new Date('2026-12-10T01:30:00Z')),
  deadline: vietnamTime(new Date('2026-12-05T10:00:00Z')),
  place: 'Phòng họp số 1',
  agency: 'Ủy ban nhân dân thành phố Hải Phòng',
  reason: 'Trùng lịch họp Hội đồng nhân dân',
  dueDate: '05/12/2026',
};

describe('notification templates', () => {
  it.each(Object.keys(TEMPLATES) as TemplateName[])('%s renders a registered SMS without diacritics', (t) => {
    const sms = smsText(t, values);
    expect(sms).toMatch(/^[\x20-\x7e\n]+$/);
    expect(registered.some((r) => r.test(sms))).toBe(true);
    expect(TEMPLATES[t].subject(values)).toMatch(/[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]/i);
  });

  it('says times as people read them here, in Vietnam time', () => {
    expect(values.startsAt).toBe('08:30 10/12/2026');
    expect(smsText('OPINION_REMINDER', values)).toContain('het han 17:00 05/12/2026');
    expect(smsText('MEETING_CANCELLED', values)).toContain('Ly do: Trung lich hop Hoi dong nhan dan');
  });
});

describe('a provider’s refusal, recorded', () => {
  it('keeps its words and codes, never the addresses it quotes', () => {
    const said = withoutAddresses(
      'the SMTP server refused the message: 550 5.1.1 <gd@stp.haiphong.gov.vn>: Recipient address rejected (+84 912 345 678)',
    );
    expect(said).toBe(
      'the SMTP server refused the message: 550 5.1.1 <<address>>: Recipient address rejected (<number>)',
    );
    expect(withoutAddresses('108 Phone number is not in correct format: 0912345678')).toBe(
      '108 Phone number is not in correct format: <number>',
    );
  });
});
