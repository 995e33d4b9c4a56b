import { mount, tick } from 'svelte';
import App from './App.svelte';
import { onHostMessage, send } from './lib/bridge';
import { focusAnchor, restoreFocus } from './lib/focus';
import { store } from './lib/store.svelte';
import './styles.css';

onHostMessage((m) => {
	const anchor = m.type === 'state' ? focusAnchor() : undefined;
	store.apply(m);
	if (anchor) void tick().then(() => restoreFocus(anchor));
});
mount(App, { target: document.getElementById('app')! });
send({ type: 'ready' });
