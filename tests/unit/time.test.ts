import { describe, expect, it } from 'vitest';
import { foldVietnamese } from '../../src/common/text.js';
import {
  fromEdxmlTimestamp,
  fromPortalTimestamp,
  parseIsoDate,
  toEdxmlTimestamp,
  toPortalTimestamp,
  vietnamToday,
} from '../../src/common/time.js';

describe('Vietnam time at the edges', () => {
  const instant = new Date('2025-06-30T17:30:05Z'); // 2025-07-01 00:30:05 in Vietnam

  it('formats UTC instants in Vietnam time for edXML and the portal', () => {
    expect(toEdxmlTimestamp(instant)).toBe('2025/07/01 00:30:05');
    expect(toPortalTimestamp(instant)).toBe('20250701003005');
  });

  it('parses national formats back to the same UTC instant', () => {
    expect(fromEdxmlTimestamp('2025/07/01 00:30:05').toISOString()).toBe(instant.toISOString());
    expect(fromPortalTimestamp('20250701003005').toISOString()).toBe(instant.toISOString());
    expect(fromEdxmlTimestamp('2025/07/01').toISOString()).toBe('2025-06-30T17:00:00.000Z');
  });

  it('refuses impossible dates instead of rolling them over', () => {
    expect(() => fromEdxmlTimestamp('2025/02/30')).toThrow(/not a valid/);
    expect(() => fromPortalTimestamp('20250701246000')).toThrow(/not a valid/);
    expect(() => parseIsoDate('2025-13-01')).toThrow(/yyyy-MM-dd/);
  });

  it('knows the Vietnamese calendar day, which starts 7 hours before UTC', () => {
    expect(vietnamToday(instant).toISOString().slice(0, 10)).toBe('2025-07-01');
  });

  it('folds Vietnamese text for search', () => {
    expect(foldVietnamese('Ủy ban nhân dân thành phố Hải Phòng')).toBe('uy ban nhan dan thanh pho hai phong');
    expect(foldVietnamese('Đặc khu  Bạch Long Vĩ')).toBe('dac khu bach long vi');
  });
});
