// The sidebar webview: strict CSP, the Svelte bundle from dist/webview, and the protocol. The host
// posts nothing before the webview says `ready`; after that, a complete snapshot per change,
// coalesced, and again whenever the view becomes visible.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { HostMessage, ViewState, WebviewMessage, WebviewStrings } from '../shared/protocol';
import { DisposableStore } from '../util/disposableStore';
import type { Logger } from '../util/logger';
import { panelHtml } from './panelHtml';
import { parseWebviewMessage } from './validateMessage';

export interface PanelDeps {
	readonly extensionUri: vscode.Uri;
	readonly getState: () => ViewState;
	readonly strings: () => WebviewStrings;
	readonly onMessage: (msg: Exclude<WebviewMessage, { type: 'ready' }>) => void;
	readonly log: Logger;
}

export class PanelProvider implements vscode.WebviewViewProvider, vscode.Disposable {
	private view: vscode.WebviewView | undefined;
	private ready = false;
	private pending: ReturnType<typeof setTimeout> | undefined;
	/** Listeners of the view showing now; VS Code may resolve a new view after the old one is disposed. */
	private readonly viewListeners = new DisposableStore();

	constructor(private readonly deps: PanelDeps) {}

	resolveWebviewView(view: vscode.WebviewView): void {
		this.viewListeners.clear();
		this.view = view;
		this.ready = false;
		const dist = vscode.Uri.joinPath(this.deps.extensionUri, 'dist');
		view.webview.options = { enableScripts: true, localResourceRoots: [dist, vscode.Uri.joinPath(this.deps.extensionUri, 'media')] };
		view.webview.html = this.html(view.webview, dist);
		this.viewListeners.add(view.webview.onDidReceiveMessage((raw) => this.receive(raw)));
		this.viewListeners.add(view.onDidChangeVisibility(() => view.visible && this.postState()));
		this.viewListeners.add(
			view.onDidDispose(() => {
				if (this.view !== view) return;
				this.view = undefined;
				this.ready = false;
				this.viewListeners.clear();
			}),
		);
	}

	/** Schedule a snapshot; many changes in one tick become one message. */
	update(): void {
		if (this.pending) return;
		this.pending = setTimeout(() => {
			this.pending = undefined;
			this.postState();
		}, 16);
	}

	private receive(raw: unknown): void {
		const msg = parseWebviewMessage(raw);
		if (!msg) {
			this.deps.log.warn(`dropped a malformed webview message: ${JSON.stringify(raw)?.slice(0, 200)}`);
			return;
		}
		if (msg.type === 'ready') {
			this.ready = true;
			this.post({ type: 'init', strings: this.deps.strings(), locale: vscode.env.language });
			this.postState();
			return;
		}
		this.deps.onMessage(msg);
	}

	private postState(): void {
		if (this.view?.visible === false) return;
		this.post({ type: 'state', state: this.deps.getState() });
	}

	private post(msg: HostMessage): void {
		if (!this.view || !this.ready) return;
		void this.view.webview.postMessage(msg);
	}

	private html(webview: vscode.Webview, dist: vscode.Uri): string {
		const nonce = crypto.randomBytes(16).toString('base64');
		const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(dist, ...p)).toString();
		return panelHtml({ cspSource: webview.cspSource, nonce, lang: vscode.env.language, uri });
	}

	dispose(): void {
		if (this.pending) clearTimeout(this.pending);
		this.viewListeners.dispose();
	}
}
