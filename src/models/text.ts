// Translation seam for the pure modules: the host passes `vscode.l10n.t` (same signature), tests
// and the bench use the English default. Messages are the English text itself, so the l10n key
// is the message (as with `l10n.t`).

export type Translate = (message: string, ...args: (string | number)[]) => string;

/** Replaces `{0}`, `{1}`… with the arguments; unknown placeholders are left as they are. */
export function formatMessage(message: string, ...args: (string | number)[]): string {
	return message.replace(/\{(\d+)\}/g, (whole, index: string) => {
		const i = Number(index);
		return i < args.length ? String(args[i]) : whole;
	});
}

export const english: Translate = formatMessage;

export function assertNever(value: never): never {
	throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
