// A loopback model registry that a real Ollama can pull from (`insecure: true`). It serves
// manifests and blobs held in memory. Blob GETs answer 307 to a *different hostname* (localhost vs
// 127.0.0.1), because Ollama's downloader stops at a cross-host redirect and needs its Location
// (server/download.go); a 200 there fails with "no Location header". Blob bytes are throttled so
// /api/pull really streams progress (Ollama samples every 60 ms). Ranged GETs are honoured and
// logged, so a test can see a pull resume where a cancelled one stopped.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RegistryModel {
	/** e.g. "gemma3:1b". */
	readonly name: string;
	/** Default "library". */
	readonly namespace?: string;
	/** Optional template layer (application/vnd.ollama.image.template). */
	readonly template?: string;
	/** GGUF bytes; use `variant()` to get a distinct digest for the same model. */
	readonly gguf: Buffer;
	readonly parameterSize: string;
	readonly quantization?: string;
	readonly family?: string;
}

export interface RegistryRequest {
	readonly method: string;
	readonly path: string;
	readonly status: number;
	/** First byte asked for by a ranged data GET. */
	readonly rangeStart?: number;
}

export interface Registry {
	readonly url: string;
	readonly port: number;
	/** `127.0.0.1:<port>/library/<name>` — what to pass to /api/pull with `insecure: true`. */
	modelRef(name: string, namespace?: string): string;
	/** Serve one more model from now on. */
	add(model: RegistryModel): void;
	/** sha256 digest ("sha256:<hex>") and size of the model layer of `name`. */
	layer(name: string): { digest: string; size: number };
	readonly requests: RegistryRequest[];
	/** Bytes per tick and tick length for blob data; change between tests. */
	throttle: { chunk: number; delayMs: number };
	close(): Promise<void>;
}

const sha = (b: Buffer): string => crypto.createHash('sha256').update(b).digest('hex');

/** The same GGUF with its `general.name` changed in place (same length), so the digest differs. */
export function variant(gguf: Buffer, from: string, to: string): Buffer {
	if (from.length !== to.length) throw new Error('variant(): names must have the same length');
	const i = gguf.indexOf(Buffer.from(from, 'utf8'));
	if (i < 0) throw new Error(`variant(): "${from}" not in the GGUF`);
	const out = Buffer.from(gguf);
	out.write(to, i, 'utf8');
	return out;
}

export function readGguf(file: string): Buffer {
	return fs.readFileSync(file);
}

export async function startRegistry(models: readonly RegistryModel[]): Promise<Registry> {
	const blobs = new Map<string, Buffer>();
	const manifests = new Map<string, Buffer>();
	const layers = new Map<string, { digest: string; size: number }>();
	const add = (m: RegistryModel) => {
		const [model, tag = 'latest'] = m.name.split(':');
		const ggufHex = sha(m.gguf);
		blobs.set(ggufHex, m.gguf);
		const extra: Array<{ mediaType: string; digest: string; size: number }> = [];
		if (m.template !== undefined) {
			const t = Buffer.from(m.template);
			blobs.set(sha(t), t);
			extra.push({ mediaType: 'application/vnd.ollama.image.template', digest: `sha256:${sha(t)}`, size: t.length });
		}
		const config = Buffer.from(
			JSON.stringify({
				model_format: 'gguf',
				model_family: m.family ?? 'llama',
				model_families: [m.family ?? 'llama'],
				model_type: m.parameterSize,
				file_type: m.quantization ?? 'Q4_K_M',
				architecture: 'amd64',
				os: 'linux',
				rootfs: { type: 'layers', diff_ids: [`sha256:${ggufHex}`, ...extra.map((e) => e.digest)] },
			}),
		);
		const cfgHex = sha(config);
		blobs.set(cfgHex, config);
		const manifest = Buffer.from(
			JSON.stringify({
				schemaVersion: 2,
				mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
				config: { mediaType: 'application/vnd.docker.container.image.v1+json', digest: `sha256:${cfgHex}`, size: config.length },
				layers: [{ mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${ggufHex}`, size: m.gguf.length }, ...extra],
			}),
		);
		manifests.set(`${m.namespace ?? 'library'}/${model}/${tag}`, manifest);
		layers.set(`${m.namespace ?? 'library'}/${m.name}`, { digest: `sha256:${ggufHex}`, size: m.gguf.length });
	};
	models.forEach(add);

	const requests: RegistryRequest[] = [];
	const throttle = { chunk: 64 * 1024, delayMs: 50 };
	const srv = http.createServer((req, res) => {
		const p = new URL(req.url ?? '/', 'http://x').pathname;
		const done = (status: number, rangeStart?: number) => requests.push({ method: req.method ?? 'GET', path: p, status, rangeStart });
		let m: RegExpMatchArray | null;
		if ((m = p.match(/^\/v2\/(.+)\/manifests\/([^/]+)$/))) {
			const body = manifests.get(`${m[1]}/${m[2]}`);
			if (!body) {
				done(404);
				res.writeHead(404, { 'Content-Type': 'application/json' });
				return res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }));
			}
			done(200);
			res.writeHead(200, { 'Content-Type': 'application/vnd.docker.distribution.manifest.v2+json', 'Content-Length': body.length });
			return res.end(req.method === 'HEAD' ? undefined : body);
		}
		if ((m = p.match(/^\/v2\/.+\/blobs\/sha256:([0-9a-f]{64})$/))) {
			const blob = blobs.get(m[1]);
			if (!blob) return done(404), res.writeHead(404).end();
			if (req.method === 'HEAD') return done(200), res.writeHead(200, { 'Content-Length': blob.length }).end();
			done(307);
			const port = (srv.address() as AddressInfo).port;
			return res.writeHead(307, { Location: `http://localhost:${port}/data/${m[1]}` }).end();
		}
		if ((m = p.match(/^\/data\/([0-9a-f]{64})$/))) {
			const blob = blobs.get(m[1]);
			if (!blob) return done(404), res.writeHead(404).end();
			const r = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
			const start = r ? Number(r[1]) : 0;
			const end = r && r[2] ? Math.min(Number(r[2]), blob.length - 1) : blob.length - 1;
			done(r ? 206 : 200, start);
			res.writeHead(r ? 206 : 200, {
				'Content-Length': end - start + 1,
				'Content-Type': 'application/octet-stream',
				...(r ? { 'Content-Range': `bytes ${start}-${end}/${blob.length}` } : {}),
			});
			if (req.method === 'HEAD') return res.end();
			let off = start;
			let timer: NodeJS.Timeout | undefined;
			res.on('close', () => clearTimeout(timer));
			const tick = () => {
				if (res.destroyed) return;
				if (off > end) return res.end();
				const n = Math.min(throttle.chunk, end - off + 1);
				res.write(blob.subarray(off, off + n));
				off += n;
				timer = setTimeout(tick, throttle.delayMs);
			};
			return tick();
		}
		done(404);
		res.writeHead(404).end();
	});
	await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
	const port = (srv.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		modelRef: (name, namespace = 'library') => `127.0.0.1:${port}/${namespace}/${name}`,
		add,
		layer: (name) => {
			const l = layers.get(name.includes('/') ? name : `library/${name}`);
			if (!l) throw new Error(`registry has no model ${name}`);
			return l;
		},
		requests,
		throttle,
		close: () =>
			new Promise<void>((ok) => {
				srv.closeAllConnections();
				srv.close(() => ok());
			}),
	};
}
