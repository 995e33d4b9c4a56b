import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

// The two architecture boundaries (eslint.config.mjs, run by `npm run check`): each row is a file
// and an import, and whether the config lets it through. The paths need not exist.
const root = join(__dirname, '..', '..');
const cases: [file: string, code: string, allowed: boolean][] = [
	['src/models/catalog.ts', "import * as vscode from 'vscode';", false],
	['src/tasks/deep/nested.ts', "import type { Uri } from 'vscode';", false],
	['src/tasks/slots.ts', "import { readSettings } from '../config';", false],
	['src/models/x.ts', "import { activateModels } from '../features/modelsFeature';", false],
	['src/models/x.ts', "import { PanelProvider } from '../sidebar/panelProvider';", false],
	['src/models/x.ts', "import { ModelsStatusItem } from '../statusBar/modelsItem';", false],
	['src/models/x.ts', "import { renderModelsItem } from '../statusBar/modelsText';", true],
	['src/models/x.ts', "import { formatBytes } from './format';", true],
	['src/features/modelsFeature.ts', "import * as vscode from 'vscode';", true],
	['src/extension.ts', "import * as vscode from 'vscode';", true],
	['src/statusBar/resourcesItem.ts', "import * as vscode from 'vscode';", true],
	['src/shared/protocol.ts', "import type { ModelRow } from '../models/catalog';", false],
	['src/shared/modelQuery.ts', "import type { ModelRowView } from './protocol';", true],
	['webview/components/models/ModelsSection.svelte', "<script lang=\"ts\">import { queryRows } from '../../../src/models/catalog';</script>", false],
	['webview/components/models/ModelsSection.svelte', "<script lang=\"ts\">import { queryRows } from '../../../src/shared/modelQuery';</script>", true],
	['webview/lib/x.ts', "import type { PullInfo } from '../../src/pull/pullManager';", false],
	['webview/lib/x.ts', "import type { ViewState } from '../../src/shared/protocol';", true],
	['webview/lib/x.ts', "import * as vscode from 'vscode';", false],
	['test/unit/x.test.ts', "import * as vscode from 'vscode';", false],
];

describe('eslint import rules: pure core and sealed webview', function () {
	this.timeout(60_000);
	const eslint = new ESLint({ cwd: root });
	for (const [file, code, allowed] of cases) {
		it(`${allowed ? 'allows' : 'refuses'} in ${file}: ${code.replace(/<\/?script[^>]*>/g, '')}`, async () => {
			const [result] = await eslint.lintText(code, { filePath: join(root, file) });
			const hits = result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
			assert.deepEqual(result.messages.filter((m) => m.fatal), [], 'parse error');
			assert.equal(hits.length === 0, allowed, hits.map((m) => m.message).join('; '));
		});
	}
});
