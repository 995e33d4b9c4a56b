// Lists the entry names of a zip (a .vsix) from its central directory; enough to check what ships.
import fs from 'node:fs';

export function zipEntries(file) {
	const buf = fs.readFileSync(file);
	// End-of-central-directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
	let eocd = -1;
	for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
		if (buf.readUInt32LE(i) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) throw new Error(`${file} is not a zip file`);
	const count = buf.readUInt16LE(eocd + 10);
	let p = buf.readUInt32LE(eocd + 16);
	const names = [];
	for (let n = 0; n < count; n++) {
		if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
		const nameLen = buf.readUInt16LE(p + 28);
		const extraLen = buf.readUInt16LE(p + 30);
		const commentLen = buf.readUInt16LE(p + 32);
		names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
		p += 46 + nameLen + extraLen + commentLen;
	}
	return names;
}
