/** A provider's words about a refusal, without the addresses they may quote (a mail server names the recipient). */
export const withoutAddresses = (text: string): string =>
  text
    .replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<address>')
    // a phone number: nine digits or more, however spaced (a status like 550 5.1.1 stays)
    .replace(/\+?\d[\d .-]{7,}\d/g, (m) => (m.replace(/\D/g, '').length >= 9 ? '<number>' : m))
    .slice(0, 500);
