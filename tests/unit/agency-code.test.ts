import { describe, expect, it } from 'vitest';
import { codeParent, normaliseAgencyCode, parseAgencyCode } from '../../src/common/agency-code.js';

describe('agency identifier codes', () => {
  it('accepts the canonical four-segment form as is', () => {
    expect(parseAgencyCode('000.00.00.G22')).toBe('000.00.00.G22');
    expect(parseAgencyCode('000.00.18.G12')).toBe('000.00.18.G12');
    expect(parseAgencyCode('000.00.53.H48')).toBe('000.00.53.H48');
    expect(parseAgencyCode('002.00.20.H13')).toBe('002.00.20.H13'); // a level-4 unit under level 2, as a real package names it
  });

  it('normalises the short three-segment form and lower case', () => {
    expect(parseAgencyCode('00.64.H29')).toBe('000.00.64.H29');
    expect(parseAgencyCode(' 000.00.00.h24 ')).toBe('000.00.00.H24');
  });

  it('refuses anything else with an error that shows the expected form', () => {
    for (const bad of [
      '',
      'G22',
      '000.00.00.22G',
      '0000.00.00.G22',
      '000.0.00.G22',
      '000.00.00.GG2',
      '000.00.00.G222',
      '000-00-00-G22',
      // level 1 is G## or H## (A## in the SDK samples), and nothing hangs under level 1 without a level 2
      '000.00.00.Z12',
      'Z12',
      '00.00.Z12',
      '000.05.00.H24',
      '001.01.00.H24',
      '001.00.00.G12',
    ]) {
      expect(parseAgencyCode(bad)).toBeNull();
    }
    expect(() => normaliseAgencyCode('H24')).toThrow(/expected LLL\.KK\.JJ\.XNN/);
  });

  it('finds the parent one level up in the identifier hierarchy', () => {
    expect(codeParent('000.00.18.G12')).toBe('000.00.00.G12');
    expect(codeParent('000.01.31.H24')).toBe('000.00.31.H24');
    expect(codeParent('001.01.31.H24')).toBe('000.01.31.H24');
    expect(codeParent('000.00.00.H24')).toBeNull();
  });
});
