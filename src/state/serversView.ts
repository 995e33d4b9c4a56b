// The panel's server-versions view and the task slots' labels, from the store. Pure; kept apart
// from viewState.ts so that file only calls in.
import type { ConnectionSnapshot } from '../connection/connectionService';
import { isHidden } from '../hosted/modelVisibility';
import type { TasksSlice } from '../tasks/taskSettings';
import type { ServersView, TasksView } from '../shared/protocol';
import { slotLabel } from '../tasks/slotLabels';
import type { Translate } from '../shared/l10n';
import { featureStates, serverFeatureMessages, type UpdateState } from '../versions/serverFeatures';

export function buildServersView(c: ConnectionSnapshot, update: UpdateState | undefined, t: Translate): ServersView {
	const openWebuiVersion = 'version' in c.openWebui ? c.openWebui.version : undefined;
	const ollamaVersion = c.ollama.kind === 'connected' ? c.ollama.version : undefined;
	const signedIn = c.openWebui.kind === 'signedIn';
	const fallback = c.openWebui.kind === 'checking' ? undefined : { kind: 'unknown' as const, message: t(serverFeatureMessages.updateUnknown, signedIn ? t(serverFeatureMessages.unknownVersion) : t(serverFeatureMessages.updateNotSignedIn)) };
	const u = update ?? fallback;
	return {
		openWebuiVersion,
		ollamaVersion,
		update: u ? { kind: u.kind, message: u.message } : undefined,
		features: featureStates({ openWebui: openWebuiVersion, ollama: ollamaVersion }, t),
	};
}

export function slotExtras(tk: TasksSlice, t: Translate): Pick<TasksView, 'slotLabels' | 'hiddenInPicker'> {
	const hidden = (id: string) => (id ? isHidden(tk.models.find((m) => m.id === id)) : undefined);
	return {
		slotLabels: { local: slotLabel(tk.taskModel.local, t), external: slotLabel(tk.taskModel.external, t) },
		hiddenInPicker: { local: hidden(tk.taskModel.local), external: hidden(tk.taskModel.external) },
	};
}
