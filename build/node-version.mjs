// `npm start` and `npm run dist` need Node 22.12 or later: Electron 45's own install step and its
// packaging tools (@electron/get, @electron/rebuild, node-abi) require it. Browser mode, the tests
// and the benchmark run on Node 20.19+. Said plainly here rather than as a failure deep inside a tool.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `Node ${process.versions.node}: the desktop app and its installers need Node 22.12 or later (Electron 45 and its build tools).\n` +
      'Install Node 22 (see .nvmrc), or use browser mode on this Node: npm run serve\n' +
      `Node ${process.versions.node}：桌面应用及安装包需要 Node 22.12 或更高版本；当前版本可使用浏览器模式：npm run serve\n`,
  );
  process.exit(1);
}
