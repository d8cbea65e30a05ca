/* global document */
/**
 * The Halt / Reduce / Resume buttons: PUT /api/trading-state (needs the trading:admin scope; a
 * token without it gets a 403 the page shows). The stream then tells every open dashboard.
 * @param {{ put: (path: string, body: unknown) => Promise<any> }} api
 * @param {{ onChanged: (state: { state: string }) => void, onError: (error: any) => void }} handlers
 */
export function bindTradingControls(api, { onChanged, onError }) {
  for (const button of document.querySelectorAll('[data-state-target]')) {
    button.addEventListener('click', async () => {
      const state = button.dataset.stateTarget;
      const reason = `${button.textContent.trim()} from the dashboard`;
      button.disabled = true;
      try {
        onChanged({ reason, ...(await api.put('/trading-state', { state, reason })) });
      } catch (error) {
        button.disabled = false;
        onError(error);
      }
    });
  }
}
