// The preload: one object, `window.terminal`, with one function per method of the contract, each
// sending that method's name over the one IPC channel. Never raw ipcRenderer in the page.
import { contextBridge, ipcRenderer } from 'electron';
import { methods, type MethodName } from '../shared/contract';
import { IPC_CHANNEL } from './windows';

const api = Object.fromEntries(
  (Object.keys(methods) as MethodName[]).map((name) => [name, (input: unknown) => ipcRenderer.invoke(IPC_CHANNEL, name, input)]),
) as { [M in MethodName]: (input: unknown) => Promise<unknown> };

contextBridge.exposeInMainWorld('terminal', api);
