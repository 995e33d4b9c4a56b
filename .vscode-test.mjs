// Desktop VS Code runs of the API tests (test/integration/api) with @vscode/test-cli, for
// contributors whose machine can download VS Code: `npx vscode-test`.
// On the project's machines VS Code cannot be downloaded, so this config is not run there; the same
// compiled tests run in code-server instead: `node test/integration/runner.mjs api`.
// The tests need no runner: they start their own loopback fakes inside the extension host.
import { defineConfig } from '@vscode/test-cli';
import { buildApiTestsSync } from './test/integration/build.mjs';

// Compile the tests (and rebuild dist/ first with `npm run build`) before VS Code starts.
buildApiTestsSync();

export default defineConfig([
	{
		label: 'integration-api',
		files: 'out/test/integration/api/**/*.test.js',
		version: '1.100.3', // = code-server 4.100.3 used on CI; engines.vscode must allow it
		workspaceFolder: './test/integration/workspace',
		launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
		mocha: { ui: 'bdd', timeout: 20000, color: true },
	},
]);
