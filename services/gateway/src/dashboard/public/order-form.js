/** Which price fields each order type takes; the others are disabled and not sent. */
const PRICE_FIELDS = {
  MARKET: [],
  LIMIT: ['price'],
  STOP: ['triggerPrice'],
  STOP_LIMIT: ['price', 'triggerPrice'],
};

/** A client order id made here, before any network call, so a retry cannot place the order twice. */
const newClientOrderId = () =>
  `web-${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(1))[0].toString(36)}`;

/** @param {FormData} data @param {string} name */
function numberField(data, name) {
  const raw = String(data.get(name) ?? '').trim();
  return raw === '' ? undefined : Number(raw);
}

/**
 * The "place order" form: POST /api/orders with what the user entered. Checking the values is
 * the gateway's job; its 400 names the fields at fault and the page shows them.
 * @param {HTMLFormElement} form
 * @param {{ post: (path: string, body: unknown) => Promise<any> }} api
 * @param {{ onPlaced: (order: any) => void, onError: (error: any) => void, onResult: (text: string) => void }} handlers
 */
export function bindOrderForm(form, api, { onPlaced, onError, onResult }) {
  const syncPriceFields = () => {
    const wanted = PRICE_FIELDS[form.elements.type.value] ?? [];
    for (const name of ['price', 'triggerPrice']) form.elements[name].disabled = !wanted.includes(name);
  };
  form.elements.type.addEventListener('change', syncPriceFields);
  syncPriceFields();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form); // disabled fields are left out
    const order = {
      clientOrderId: newClientOrderId(),
      instrumentId: String(data.get('instrumentId') ?? '').trim(),
      side: data.get('side'),
      type: data.get('type'),
      quantity: numberField(data, 'quantity'),
      price: numberField(data, 'price'),
      triggerPrice: numberField(data, 'triggerPrice'),
    };
    const submit = form.querySelector('[type="submit"]');
    submit.disabled = true;
    onResult(`Sending ${order.clientOrderId}…`);
    try {
      const placed = await api.post('/orders', order);
      onResult(`Order ${placed.clientOrderId} placed: ${placed.status}`);
      onPlaced(placed);
    } catch (error) {
      onResult('');
      onError(error);
    } finally {
      submit.disabled = false;
    }
  });
}
