// The rate board's methods (牌价, 第三十四条): a rate set, the board, a currency's history.
import type { HandlersOf } from '../services';
import { rateBoard, rateHistory, setRate } from './board';

export const ratesHandlers = {
  'rates.set': setRate,
  'rates.board': rateBoard,
  'rates.history': rateHistory,
} satisfies HandlersOf<'rates'>;
