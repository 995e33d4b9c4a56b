// The panel's HTML and CSP: one place, used by the host (panelProvider.ts) and by the webview tests'
// harness, so the page under test is the page users get. Pure: URIs come in as a function.

export interface PanelHtmlInput {
	/** webview.cspSource */
	readonly cspSource: string;
	/** A fresh random nonce per page (crypto, not Math.random). */
	readonly nonce: string;
	readonly lang: string;
	/** Maps a path under dist/ to a webview URI. */
	readonly uri: (...path: string[]) => string;
}

export function panelCsp(cspSource: string, nonce: string): string {
	return [`default-src 'none'`, `style-src ${cspSource}`, `font-src ${cspSource}`, `img-src ${cspSource} data:`, `script-src 'nonce-${nonce}'`].join('; ');
}

export function panelHtml({ cspSource, nonce, lang, uri }: PanelHtmlInput): string {
	return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${panelCsp(cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${uri('codicons', 'codicon.css')}">
<link rel="stylesheet" href="${uri('webview', 'main.css')}">
<title>Task Model Tuner</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${uri('webview', 'main.js')}"></script>
</body>
</html>`;
}
