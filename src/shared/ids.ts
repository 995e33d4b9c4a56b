// Every id the manifest and the code share, in one table. test/unit/manifest.test.ts checks
// package.json against these, so a renamed command cannot silently break a menu or a keybinding.

export const extensionId = 'task-model-tuner.task-model-tuner';
export const viewContainerId = 'taskModelTuner';
export const panelViewId = 'taskModelTuner.panel';

export const commandIds = {
	refresh: 'taskModelTuner.refresh',
	configureConnection: 'taskModelTuner.configureConnection',
	signIn: 'taskModelTuner.signIn',
	signOut: 'taskModelTuner.signOut',
	openPanel: 'taskModelTuner.openPanel',
	showLog: 'taskModelTuner.showLog',
	pullModel: 'taskModelTuner.pullModel',
	deleteModel: 'taskModelTuner.deleteModel',
	showLoadedModels: 'taskModelTuner.showLoadedModels',
	setTaskModel: 'taskModelTuner.setTaskModel',
	toggleAutomations: 'taskModelTuner.toggleAutomations',
	applyProfile: 'taskModelTuner.applyProfile',
	setTaskModelParams: 'taskModelTuner.setTaskModelParams',
	undoLastChange: 'taskModelTuner.undoLastChange',
	copyTaskSettingsAsEnv: 'taskModelTuner.copyTaskSettingsAsEnv',
	checkTaskModel: 'taskModelTuner.checkTaskModel',
	benchmarkCandidates: 'taskModelTuner.benchmarkCandidates',
	addHostedConnection: 'taskModelTuner.addHostedConnection',
	hideTaskModel: 'taskModelTuner.hideTaskModel',
} as const;
export type CommandId = (typeof commandIds)[keyof typeof commandIds];

/** Setting keys, relative to the `taskModelTuner` section. */
export const settingsSection = 'taskModelTuner';
export const settingKeys = {
	ollamaUrl: 'ollama.url',
	ollamaVia: 'ollama.via',
	openWebuiUrl: 'openWebui.url',
	candidatesMaxParameters: 'candidates.maxParameters',
	suggestedModels: 'suggestedModels',
	statusBarEnabled: 'statusBar.enabled',
	statusBarIntervalMs: 'statusBar.intervalMs',
	statusBarWarningPercent: 'statusBar.warningPercent',
	statusBarErrorPercent: 'statusBar.errorPercent',
	requestTimeoutMs: 'requestTimeoutMs',
	pullIdleTimeoutSeconds: 'pull.idleTimeoutSeconds',
} as const;
export type SettingKey = (typeof settingKeys)[keyof typeof settingKeys];

export const statusBarIds = {
	resources: 'taskModelTuner.resources',
	models: 'taskModelTuner.models',
	pull: 'taskModelTuner.pull',
} as const;

/** SecretStorage keys; the value never leaves SecretStorage except as an Authorization header. */
export const secretKeys = {
	openWebuiToken: (openWebuiUrl: string): string => `taskModelTuner.openWebui.token:${openWebuiUrl}`,
} as const;
