// The counter screen: the machine, its hook and its panels are in renderer/counter/.
export { Counter } from '../counter/Counter';
