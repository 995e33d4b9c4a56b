// Keeps keyboard focus inside the panel when a snapshot replaces the focused control (Sign in →
// Sign out): focus moves to the same card's first control, or its heading, never to <body>.

export interface FocusAnchor {
	readonly selector: string;
}

export function focusAnchor(): FocusAnchor | undefined {
	const el = document.activeElement;
	if (!el || el === document.body) return undefined;
	const card = el.closest('[data-peer]');
	if (card) return { selector: `[data-peer="${card.getAttribute('data-peer')}"]` };
	const section = el.closest('section[aria-labelledby]');
	return section ? { selector: `section[aria-labelledby="${section.getAttribute('aria-labelledby')}"]` } : undefined;
}

export function restoreFocus(anchor: FocusAnchor): void {
	const now = document.activeElement;
	if (now && now !== document.body && document.contains(now)) return;
	const region = document.querySelector(anchor.selector);
	const target = region?.querySelector<HTMLElement>('button:not([disabled]), input:not([disabled]), select:not([disabled])') ?? region?.querySelector<HTMLElement>('h2, h3');
	target?.focus();
}
