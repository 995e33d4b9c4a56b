import { mount } from 'svelte';
import App from './App.svelte';
import { onHostMessage, send } from './lib/bridge';
import { store } from './lib/store.svelte';
import './styles.css';

onHostMessage((m) => store.apply(m));
mount(App, { target: document.getElementById('app')! });
send({ type: 'ready' });
