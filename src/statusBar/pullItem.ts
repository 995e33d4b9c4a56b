// `taskModelTuner.pull`: shown while any pull runs (model, whole-model percentage, speed in the
// tooltip); clicking opens the panel. Hidden when nothing downloads.
import * as vscode from 'vscode';
import { describeProgress } from '../pull/progress';
import type { PullInfo } from '../pull/pullManager';
import type { Translate } from '../shared/l10n';
import { commandIds, statusBarIds } from '../shared/ids';

export class PullStatusItem implements vscode.Disposable {
	private readonly item: vscode.StatusBarItem;

	constructor(private readonly t: Translate) {
		this.item = vscode.window.createStatusBarItem(statusBarIds.pull, vscode.StatusBarAlignment.Right, 99);
		this.item.name = t('Task Model Tuner: downloads');
		this.item.command = commandIds.openPanel;
	}

	update(pulls: readonly PullInfo[]): void {
		const t = this.t;
		const running = pulls.filter((p) => p.state === 'running');
		if (!running.length) return this.item.hide();
		const first = running[0];
		const pct = Math.floor(first.progress.fraction * 100);
		this.item.text = running.length === 1 ? `$(cloud-download) ${first.model} ${pct}%` : `$(cloud-download) ${t('{0} downloads', running.length)} · ${first.model} ${pct}%`;
		this.item.tooltip = running.map((p) => `${p.model}: ${describeProgress(p.progress, t)}`).join('\n');
		this.item.show();
	}

	dispose(): void {
		this.item.dispose();
	}
}
