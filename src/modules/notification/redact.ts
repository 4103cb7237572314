/** A provider's words about a refusal, without the addresses they may quote (a mail server names the recipient). */
export const withoutAddresses = (text: string): string =>
  text
    .replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '<address>')
    .replace(/\+?\d[\d .-]{7,}\d/g, '<number>')
    .slice(0, 500);
