export const DECLINE_CODES: string[];
export function isDecline(state: { status: string; error?: { code: string } }): boolean;
export function declineMarkdown(state: { error?: { message: string } }): string;
