// What the composition root hands each feature. A feature registers its own commands, status
// items and listeners and returns one Disposable for all of them.
import type * as vscode from 'vscode';
import type { Settings } from '../config';
import type { ConnectionService } from '../connection/connectionService';
import type { Log } from '../log';
import type { AppStore } from '../state/appStore';
import type { Translate } from '../shared/l10n';

export interface FeatureContext {
	readonly extension: vscode.ExtensionContext;
	readonly store: AppStore;
	readonly connection: ConnectionService;
	readonly log: Log;
	readonly settings: () => Settings;
	/** Fires after settings changed, with the new values. */
	readonly onDidChangeSettings: vscode.Event<Settings>;
	readonly t: Translate;
}
