// Pure modules take a translate function so they stay free of `vscode`; the host passes
// vscode.l10n.t, tests use the English default.

export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

/** English: the message is its own key; `{0}`, `{1}` … are replaced by the arguments. */
export const english: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
