// Lint = the two architecture boundaries (docs/architecture.md), checked by `npm run check`:
//  1. the pure core never imports `vscode` nor host glue, so it runs and is tested in plain node;
//  2. the webview imports nothing from the extension but src/shared/** (protocol types, strings),
//     and src/shared/** imports nothing outside itself.
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

/** Host glue: the only files that may import `vscode`. Everything else under src/ is pure. */
export const hostGlue = ['src/*.ts', 'src/features/**', 'src/sidebar/panelProvider.ts', 'src/statusBar/*Item.ts', 'src/**/*.host.ts'];

const vscodeBan = { name: 'vscode', message: 'Pure modules never import vscode: take plain values from host glue (see docs/architecture.md).' };
// The host modules at the top of src/ (reached as ../x or ../../x) and the host folders.
const hostBan = {
	regex: String.raw`^(\.\./)+(extension|commands|config|log)$|(^|/)features/|(^|/)sidebar/panelProvider$|(^|/)statusBar/\w+Item$`,
	message: 'Pure modules never import host glue (it imports vscode); move what you need into the pure core.',
};
const sharedBan = { regex: String.raw`^\.\./`, message: 'src/shared/** defines its own types and imports nothing outside src/shared.' };
const webviewBan = {
	regex: String.raw`(^|/)src/(?!shared/)`,
	message: 'The webview imports only src/shared/** (the protocol and the string table); add what it needs there.',
};

export default tseslint.config(
	{ ignores: ['dist/**', 'out/**', 'node_modules/**', 'media/**', 'test-results/**', '.vscode-test/**', '**/*.d.ts'] },
	{
		files: ['**/*.ts', '**/*.mts', '**/*.cts'],
		languageOptions: { parser: tseslint.parser, sourceType: 'module' },
	},
	...svelte.configs.base,
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { parser: tseslint.parser } },
	},
	{
		files: ['src/**/*.ts'],
		ignores: [...hostGlue, 'src/shared/**'],
		rules: { 'no-restricted-imports': ['error', { paths: [vscodeBan], patterns: [hostBan] }] },
	},
	{
		files: ['src/shared/**/*.ts'],
		rules: { 'no-restricted-imports': ['error', { paths: [vscodeBan], patterns: [sharedBan] }] },
	},
	{
		files: ['webview/**/*.ts', 'webview/**/*.svelte'],
		rules: { 'no-restricted-imports': ['error', { paths: [vscodeBan], patterns: [webviewBan] }] },
	},
	{
		files: ['test/unit/**/*.ts'],
		rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Unit tests run in plain node; test the pure module instead.' }] }] },
	},
);
