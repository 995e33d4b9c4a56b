// Before a pull or a set that the user started: warn when the model plus the chat model would not
// fit in free memory (src/models/fitCheck.ts). Returns false when the user cancels.
import * as vscode from 'vscode';
import { fitCheckMessages, fitWarning } from '../models/fitCheck';
import type { ModelsService } from '../models/modelsService';
import type { Translate } from '../shared/l10n';

export async function confirmFits(models: ModelsService, name: string, opts: { diskBytes?: number; log?: (m: string) => void; t: Translate }): Promise<boolean> {
	const m = models.current;
	const row = m.rows.find((r) => r.name === name);
	const w = fitWarning({ model: name, diskBytes: row?.sizeBytes ?? opts.diskBytes, loadedBytes: row?.loaded?.memoryBytes, assessment: m.assessment, budget: models.memoryBudget }, opts.t);
	if (!w) return true;
	opts.log?.(`fit check: ${name} needs ${w.neededBytes} bytes, ${w.freeBytes} free`);
	const go = opts.t(fitCheckMessages.continueAnyway);
	return (await vscode.window.showWarningMessage(w.message, { modal: true }, go)) === go;
}
