// Host <-> webview messages and the ViewState snapshot. Types only: imported by both sides.
// The webview always gets a complete snapshot (never deltas) and answers with intents.

/** A fix the user can take from a state, shown as a button; the host maps it to a command. */
export type ActionId = 'retry' | 'openSettings' | 'configureConnection' | 'signIn' | 'signOut' | 'showLog';

export interface Action {
	readonly id: ActionId;
	readonly label: string;
}

export type OllamaView =
	| { readonly kind: 'checking'; readonly url: string }
	| {
			readonly kind: 'connected';
			readonly url: string;
			readonly version: string;
			/** `openWebui` when requests go through Open WebUI's /ollama proxy. */
			readonly via: 'direct' | 'openWebui';
			readonly message: string;
	  }
	| { readonly kind: 'unreachable' | 'error'; readonly url: string; readonly message: string; readonly actions: readonly Action[] };

export type OpenWebuiView =
	| { readonly kind: 'checking'; readonly url: string }
	| {
			readonly kind: 'unreachable' | 'notOpenWebui' | 'error' | 'signedOut' | 'keyRejected';
			readonly url: string;
			readonly version?: string;
			readonly message: string;
			readonly actions: readonly Action[];
	  }
	| {
			readonly kind: 'signedIn';
			readonly url: string;
			readonly version: string;
			readonly user: { readonly name: string; readonly email?: string; readonly role: string };
			readonly isAdmin: boolean;
			readonly message: string;
			readonly actions: readonly Action[];
	  };

export interface ViewState {
	readonly ollama: OllamaView;
	readonly openWebui: OpenWebuiView;
	/** When the last check finished (ms since epoch), for "checked 5 s ago". */
	readonly checkedAt?: number;
}

export type WebviewStrings = Record<string, string>;

export type HostMessage =
	| { readonly type: 'init'; readonly strings: WebviewStrings; readonly locale: string }
	| { readonly type: 'state'; readonly state: ViewState };

export type WebviewMessage = { readonly type: 'ready' } | { readonly type: 'action'; readonly action: ActionId };
