import assert from 'node:assert/strict';
import { isLoopbackHost, plainHttpWarning } from '../../src/connection/signIn';
import { english } from '../../src/shared/l10n';

describe('sign-in over plain HTTP (unit)', () => {
	const cases: [string, boolean][] = [
		['http://192.168.1.20:3000', true],
		['http://openwebui.example.com', true],
		['http://[fe80::1]:3000', true],
		['http://127.0.0.1:3000', false],
		['http://127.8.9.10:3000', false],
		['http://localhost:3000', false],
		['http://webui.localhost:8080', false],
		['http://[::1]:3000', false],
		['https://openwebui.example.com', false],
		['not a url', false],
	];
	for (const [url, warns] of cases) {
		it(`${url}: ${warns ? 'warns first' : 'no warning'}`, () => {
			const w = plainHttpWarning(url, english);
			if (!warns) return assert.equal(w, undefined);
			assert.equal(
				w,
				`${new URL(url).origin} uses plain HTTP and is not this computer: your password or key would cross the network unencrypted, readable by anyone on the way. Use an https:// URL if the server offers one.`,
			);
		});
	}
	it('"localhost.evil.com" and "127.0.0.1.nip.io" are not loopback', () => {
		assert.equal(isLoopbackHost('localhost.evil.com'), false);
		assert.equal(isLoopbackHost('127.0.0.1.nip.io'), false);
	});
});
