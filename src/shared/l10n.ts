// The one translation path. User-visible English text is its own l10n key, kept in
// `export const …Messages` / `…Strings` tables beside the code that uses it (test/support/l10nScan.ts
// finds them and checks the zh-TW bundle). Pure modules take a `Translate` argument defaulting to
// `english`; the host passes `vscode.l10n.t`; the webview fills its own table the same way.

export type Translate = (message: string, ...args: (string | number | boolean)[]) => string;

/** English: the message is its own key; `{0}`, `{1}` … are replaced by the arguments, unknown ones kept. */
export const english: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
