import * as esbuild from 'esbuild';
const entry = process.argv[2];
const r = await esbuild.build({ entryPoints:[entry], bundle:true, minify:true, format:'cjs', platform:'node', target:'node20', external:['vscode','./core.js','./pull.js','./tasks.js','./benchmark.js'], conditions:['worker'], metafile:true, write:false });
const out = Object.values(r.metafile.outputs)[0];
const rows = Object.entries(out.inputs).map(([k,v])=>[v.bytesInOutput,k]).sort((a,b)=>b[0]-a[0]);
console.log(out.bytes, rows.filter(r=>r[0]>800).map(r=>r.join(' ')).join(', '));
