// User-visible benchmark text (progress, report lines, task labels). English is the l10n key.
import { assertNever } from '../util/assert';
import type { BenchTask } from './prompts';
import { english, type Translate } from '../shared/l10n';

export const benchmarkMessages = {
	taskTitle: 'titles',
	taskTags: 'tags',
	taskQuery: 'search queries',
	taskAutocomplete: 'autocomplete',
	stepCold: '{0}: loading, then {1} ({2} of {3})',
	stepWarm: '{0}: {1} ({2} of {3})',
	unloading: '{0}: unloading for a cold start',
	restoring: 'Restoring the models that were loaded before',
	openWebuiTitle: 'Open WebUI: one real title task',
	modelFailed: '{0} failed: {1}',
	speedup: '{0}: {1} → {2}, {3}× faster',
	slowdown: '{0}: {1} → {2}, {3}× slower',
	same: '{0}: {1} → {2}, about the same',
	milliseconds: '{0} ms',
	seconds: '{0} s',
	total: 'all tasks',
} as const;

export function taskLabel(task: BenchTask, t: Translate = english): string {
	switch (task) {
		case 'title':
			return t(benchmarkMessages.taskTitle);
		case 'tags':
			return t(benchmarkMessages.taskTags);
		case 'query':
			return t(benchmarkMessages.taskQuery);
		case 'autocomplete':
			return t(benchmarkMessages.taskAutocomplete);
		default:
			return assertNever(task, 'task');
	}
}

/** 45 ms, 0.7 s, 9.4 s, 42 s. */
export function formatMs(ms: number, t: Translate = english): string {
	if (ms < 100) return t(benchmarkMessages.milliseconds, Math.round(ms));
	if (ms < 10_000) return t(benchmarkMessages.seconds, (ms / 1000).toFixed(1));
	return t(benchmarkMessages.seconds, Math.round(ms / 1000));
}
