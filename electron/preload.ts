// The preload: one object, `window.terminal`, with one function per method of the contract, each
// sending that method's name, its input and the caller's session (auth.signIn) over the one IPC
// channel. Never raw ipcRenderer in the page. The Terminal checks the session and the role.
import { contextBridge, ipcRenderer } from 'electron';
import { methods, type MethodName } from '../shared/api';
import { IPC_CHANNEL } from './windows';

const api = Object.fromEntries(
  (Object.keys(methods) as MethodName[]).map((name) => [name, (input: unknown, session?: string) => ipcRenderer.invoke(IPC_CHANNEL, name, input, session)]),
) as { [M in MethodName]: (input: unknown, session?: string) => Promise<unknown> };

contextBridge.exposeInMainWorld('terminal', api);
