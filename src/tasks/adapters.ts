// Thin adapters from the real clients to the small interfaces the task modules take, so the
// composition root wires a feature in one line and tests can pass fakes of the same shape.
import type { OpenWebuiClient } from '../clients/openWebui';
import type { OpenWebuiTasksClient } from '../clients/openWebuiTasks';
import type { TaskHistory } from './history';
import type { TaskConfigApi, TaskConfigServiceDeps } from './taskConfig';
import type { Translate } from './text';
import type { UsageCheckApi } from './usageCheck';

export function taskConfigApi(client: OpenWebuiClient): TaskConfigApi {
	return { read: (signal) => client.taskConfig(signal), write: (config, signal) => client.updateTaskConfig(config, signal) };
}

export function taskConfigDeps(
	client: OpenWebuiClient,
	opts: {
		/** Records every write for undo, keyed by the client's base URL. */
		history?: TaskHistory;
		/** The role the host already knows from the session (avoids a request per write); omit to let the server decide. */
		role?: () => string | undefined;
		t?: Translate;
	} = {},
): TaskConfigServiceDeps {
	return {
		api: taskConfigApi(client),
		version: (signal) => client.version(signal).then((v) => v.version),
		role: opts.role ? async () => opts.role?.() : undefined,
		onWritten: opts.history?.recorder(client.baseUrl, opts.t),
		t: opts.t,
	};
}

export function usageCheckApi(client: OpenWebuiClient, tasks: OpenWebuiTasksClient): UsageCheckApi {
	return {
		models: (signal) => client.models(signal),
		taskConfig: (signal) => client.taskConfig(signal),
		titleCompletion: (body, opts) => tasks.titleCompletion(body, opts),
	};
}
