// The user settings every real-VS-Code run starts from: no welcome page, tips, gallery, update
// checks, telemetry or port forwarding, so runs are quiet, offline and comparable. Shared by the
// integration runner and bench/activation.ts.
export const quietWorkbenchSettings = {
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'workbench.enableExperiments': false,
	'workbench.welcomePage.walkthroughs.openOnInstall': false,
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'extensions.ignoreRecommendations': true,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'security.workspace.trust.enabled': false,
	'git.enabled': false,
	'npm.autoDetect': 'off',
	'typescript.disableAutomaticTypeAcquisition': true,
	'json.schemaDownload.enable': false,
	'chat.commandCenter.enabled': false,
	'workbench.colorTheme': 'Default Dark Modern',
	'window.commandCenter': false,
	'remote.autoForwardPorts': false, // the fakes' ports would show up under PORTS
};
