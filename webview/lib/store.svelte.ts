// The webview's one copy of what the host sent. Components read it and send intents; they never
// keep their own copy of server data.
import { english } from '../../src/shared/l10n';
import type { HostMessage, ViewState, WebviewStrings } from '../../src/shared/protocol';
import { webviewStrings, type WebviewStringKey } from '../../src/shared/webviewStrings';
import { shareEqual } from './share';

class Store {
	// Raw, not a deep proxy: a snapshot is replaced, never mutated. Parts equal to the last snapshot
	// keep their identity (share.ts), so one changed model re-renders one row, not the list.
	state = $state.raw<ViewState | undefined>(undefined);
	strings = $state.raw<WebviewStrings>({});
	locale = $state('en');

	apply(message: HostMessage): void {
		switch (message.type) {
			case 'init':
				this.strings = message.strings;
				this.locale = message.locale;
				return;
			case 'state':
				this.state = shareEqual(this.state, message.state);
				return;
			default: {
				const never: never = message;
				return never;
			}
		}
	}
}

export const store = new Store();

export function t(key: WebviewStringKey, ...args: (string | number)[]): string {
	return english(store.strings[key] ?? webviewStrings[key], ...args);
}
