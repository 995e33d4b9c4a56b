// The logging surface pure modules see. The host backs it with one LogOutputChannel; each
// component gets a tagged child so lines read `[http] GET /api/tags 200 12 ms`.

export interface Logger {
	trace(message: string): void;
	debug(message: string): void;
	info(message: string): void;
	warn(message: string): void;
	error(message: string | Error): void;
}

export interface LogSink {
	trace(message: string): void;
	debug(message: string): void;
	info(message: string): void;
	warn(message: string): void;
	error(message: string | Error): void;
}

export function tagged(sink: LogSink, tag: string): Logger {
	const p = `[${tag}] `;
	return {
		trace: (m) => sink.trace(p + m),
		debug: (m) => sink.debug(p + m),
		info: (m) => sink.info(p + m),
		warn: (m) => sink.warn(p + m),
		error: (m) => sink.error(typeof m === 'string' ? p + m : `${p}${m.message}`),
	};
}

export const silentLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
