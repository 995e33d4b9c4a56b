// What went wrong with a pull, in words a user can act on. Classified from the client's PeerError
// (docs/server-api.md §1.4: unknown model = 200 then {error}, or an {error} 500; bad name = 400;
// queue full = 503; EOF without "success" = failed; a stream quiet past the idle timeout = stalled).
import { isPeerError } from '../clients/http';
import { assertNever } from '../util/assert';
import { english, type Translate } from '../shared/l10n';

export const pullMessages = {
	succeeded: '{0} is ready.',
	cancelled: 'Pull of {0} cancelled. Ollama keeps the partial download and resumes it next time.',
	unknownModel: '{0} was not found in the Ollama library. Check the name and tag, for example llama3.2:3b.',
	invalidName: '"{0}" is not a valid model name. Use a name like llama3.2:3b.',
	connectionLost: 'The connection to Ollama was lost while pulling {0}. Ollama keeps the partial download; pull again to resume.',
	incomplete: 'The download of {0} stopped before it finished. Ollama keeps the partial download; pull again to resume.',
	busy: 'Ollama is busy (too many queued requests). Try pulling {0} again in a moment.',
	unreachable: 'Could not reach Ollama to pull {0}. Check that it is running and the URL in the settings.',
	timeout: 'Ollama did not start the download of {0} in time. Try again.',
	stalled: 'The download of {0} received nothing for {1} s, so it was stopped. Ollama keeps the partial download; pull again to resume.',
	auth: 'Not allowed to pull {0}. Through Open WebUI, pulling needs an admin account.',
	server: 'Pulling {0} failed: {1}',
} as const;

export type PullErrorKind = 'unknownModel' | 'invalidName' | 'connectionLost' | 'incomplete' | 'busy' | 'unreachable' | 'timeout' | 'stalled' | 'auth' | 'server';

const unknownModelText = /file does not exist|manifest unknown|not found/i;

/** @param sawLines whether any progress line arrived (a lost connection then is "mid-pull"). */
export function classifyPullError(error: unknown, sawLines: boolean): PullErrorKind {
	if (!isPeerError(error)) return 'server';
	const said = error.serverMessage ?? '';
	switch (error.kind) {
		case 'http':
			if (error.status === 400) return 'invalidName';
			if (error.status === 503) return 'busy';
			// Only Ollama's own words make it "not in the library"; an empty 500 is a server failure.
			if (unknownModelText.test(said)) return 'unknownModel';
			return 'server';
		case 'auth':
			return 'auth';
		case 'unreachable':
			// The client's own words for EOF without success; a cut socket reads "was lost".
			if (/without "success"/.test(error.message)) return 'incomplete';
			return sawLines ? 'connectionLost' : 'unreachable';
		case 'timeout':
			return error.detail.idleMs !== undefined ? 'stalled' : 'timeout';
		case 'parse':
		case 'aborted':
			return 'server';
		default:
			return assertNever(error.kind);
	}
}

export function pullErrorMessage(kind: PullErrorKind, model: string, error: unknown, t: Translate = english): string {
	switch (kind) {
		case 'unknownModel':
			return t(pullMessages.unknownModel, model);
		case 'invalidName':
			return t(pullMessages.invalidName, model);
		case 'connectionLost':
			return t(pullMessages.connectionLost, model);
		case 'incomplete':
			return t(pullMessages.incomplete, model);
		case 'busy':
			return t(pullMessages.busy, model);
		case 'unreachable':
			return t(pullMessages.unreachable, model);
		case 'timeout':
			return t(pullMessages.timeout, model);
		case 'stalled':
			return t(pullMessages.stalled, model, isPeerError(error) && error.detail.idleMs !== undefined ? Math.round(error.detail.idleMs / 1000) : '?');
		case 'auth':
			return t(pullMessages.auth, model);
		case 'server': {
			const detail = isPeerError(error) ? (error.serverMessage ?? error.message) : error instanceof Error ? error.message : String(error);
			return t(pullMessages.server, model, detail);
		}
		default:
			return assertNever(kind);
	}
}
