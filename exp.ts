import * as net from 'node:net';
import { spawn } from 'node:child_process';
import { findConnection } from './grader/harness/proc-net';
const srv = net.createServer((s) => s.on('error', () => {})).listen(0, '127.0.0.1', () => {
  const port = (srv.address() as net.AddressInfo).port;
  const churner = spawn(process.execPath, ['-e', `const net=require('net');setInterval(()=>{for(let i=0;i<20;i++){const c=net.connect(${port},'127.0.0.1',()=>c.destroy());c.on('error',()=>{})}},2);setTimeout(()=>process.exit(0),5000)`], { stdio: 'inherit' });
  const keep = net.connect(port, '127.0.0.1', () => {
    let misses = 0, reads = 0;
    const t = setInterval(() => { for (let k = 0; k < 10; k++) { reads++; if (!findConnection(keep.localPort!, port)) misses++; } }, 1);
    setTimeout(() => { clearInterval(t); console.log({ reads, misses }); churner.kill(); process.exit(0); }, 4500);
  });
});
