// The rate board's methods (牌价, 第三十四条): a rate set, the board, a currency's history, and the
// currencies allowed on it (their filing with SAFE: rates.listCurrency, rates.listings).
import type { HandlersOf } from '../services';
import { rateBoard, rateHistory, setRate } from './board';
import { listCurrency, listings } from './listings';

export const ratesHandlers = {
  'rates.set': setRate,
  'rates.board': rateBoard,
  'rates.history': rateHistory,
  'rates.listCurrency': listCurrency,
  'rates.listings': listings,
} satisfies HandlersOf<'rates'>;
