/** Người nộp — the applicant of a dossier, checked as the portal and the agencies need it. */
import { BadUserInputError } from '../../common/errors.js';
import { checkText } from '../document/document.rules.js';
import type { SubmitDossierInput } from './dossier.service.js';

const PHONE = /^\+?[0-9 .-]{8,20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The applicant as a create takes it, and an update too: every field checked. */
export function checkApplicant(a: SubmitDossierInput['applicant']): SubmitDossierInput['applicant'] & { name: string } {
  if (a.type !== 1 && a.type !== 2)
    throw new BadUserInputError('"applicant.type" is 1 (citizen) or 2 (business or organisation)', {
      field: 'applicant.type',
    });
  if (a.phone && !PHONE.test(a.phone))
    throw new BadUserInputError('"applicant.phone" is not a phone number', { field: 'applicant.phone' });
  if (a.email && !EMAIL.test(a.email))
    throw new BadUserInputError('"applicant.email" is not an email address', { field: 'applicant.email' });
  if (a.idNumber && !/^[0-9A-Za-z]{6,20}$/.test(a.idNumber))
    throw new BadUserInputError('"applicant.idNumber" is not an identity number', { field: 'applicant.idNumber' });
  return { ...a, name: checkText(a.name, 'applicant.name', 300, true)! };
}
