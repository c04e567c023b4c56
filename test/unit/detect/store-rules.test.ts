import { describe, expect, it } from 'vitest';
import { detectProduct } from '@/utils/detect';
import { readFormFields } from '@/utils/detect/form-fields';
import { readLabelledText, readLabelLine, textId } from '@/utils/detect/labelled-text';
import { parseStrictJson } from '@/utils/detect/lenient-json';
import { readMicrodata } from '@/utils/detect/microdata';
import { PageContext } from '@/utils/detect/page';
import { matchingBracket, readLiteral } from '@/utils/detect/script-json';
import { isGtin, normalizeId } from '@/utils/detect/text';
import { readUrl } from '@/utils/detect/url';
import { page } from './dom';

/**
 * The general rules learnt from real store pages, each on a small handwritten page, with the pages
 * where the rule must not fire next to the ones where it must.
 */

const urlIds = (url: string) => readUrl(new PageContext(page(''), url)).ids.map((c) => `${c.kind}:${c.value}`);
const ids = (f: { ids: { kind: string; value: string }[] }) => f.ids.map((c) => `${c.kind}:${c.value}`);
const detect = (body: string, url: string, head = '') => detectProduct(page(body, head), url);

describe('ids in the URL', () => {
  it.each([
    ['the segment after a product word', 'https://shop.example/produkt/119550/monitor-black.html', 'productID:119550'],
    ['an item number after "itm"', 'https://market.example/itm/133588510845', 'productID:133588510845'],
    ['a product code with its colour suffix', 'https://shop.example/p/701812622_white', 'productID:701812622_white'],
    ['a whole numeric segment', 'https://shop.example/catalog/164419278/detail.aspx', 'productID:164419278'],
    ['a number ending the slug', 'https://shop.example/kitchen/pot-set-tr-1047-1609583.html', 'productID:1609583'],
    ['a letter-and-digit code ending the slug', 'https://shop.example/new/polo-shirt-F4KS70E6GP.html', 'productID:F4KS70E6GP'],
    ['a code ending the slug that starts with a letter', 'https://shop.example/product/lipstick-peach-P422600', 'productID:P422600'],
    ['an id after "::"', 'https://shop.example/shop/Monitors/NEC-E274F::36833.html', 'productID:36833'],
    ['a number heading the slug', 'https://shop.example/ru/home/2501-lipstick-sophi.html', 'productID:2501'],
    ['a GUID, hyphens and all', 'https://books.example/five-steps_45553530-ecaa-45a5-84bd-b54ac0272472', 'productID:45553530-ecaa-45a5-84bd-b54ac0272472'],
    ['an EAN-13 (valid check digit) as a GTIN', 'https://shop.example/monitors/133873-msi-27-ips-4711377032209.html', 'gtin:4711377032209'],
    ['a selected SKU parameter', 'https://shop.example/product/lipstick-P422600?skuId=2108157', 'sku:2108157'],
    ['a products_id parameter', 'https://shop.example/product_info.php?products_id=380000001609039088', 'productID:380000001609039088'],
    ['an article number parameter', 'https://shop.example/artinfo.php?artnr=AGX1634723&KATEGORIE=162', 'sku:AGX1634723'],
  ])('reads %s', (_, url, expected) => {
    expect(urlIds(url)).toContain(expected);
  });

  it.each([
    ['years and dates', 'https://news.example/2019/11/18/wework-investigated-12345678/'],
    ['a year as the slug number', 'https://shop.example/collections/summer-2024'],
    ['short numbers in slugs', 'https://recipes.example/recipes/tuscan-mushrooms-5389'],
    ['sizes and models inside the slug', 'https://shop.example/smartphone-redmi-13-8go-256go-noir.html'],
    ['tracking and campaign parameters', 'https://shop.example/women/dresses.html?celement=1010193213&utm_id=88123456&gclid=Cj0KCQ123456'],
    ['a CMS post id parameter', 'https://blog.example/?p=123456'],
    ['a price in the slug', 'https://shop.example/deals/under-19-99'],
  ])('reads no id from %s', (_, url) => {
    expect(urlIds(url)).toEqual([]);
  });

  it('reads ASINs by their shape on any host, and only ASIN-shaped codes', () => {
    expect(urlIds('https://marketplace.example/Trail-Shoe/dp/B0C7XYZ123')).toEqual(['asin:B0C7XYZ123']);
    expect(urlIds('https://shop.example/dp/WINTERCOAT')).not.toContain('asin:WINTERCOAT');
  });

  it('gives a category page with a number in its address no product', () => {
    expect(detect('<h1>Cat food</h1><div class="grid"><a href="/p/1">A</a></div>', 'https://shop.example/category/cat-food-12348/')).toBeNull();
  });
});

describe('labelled text', () => {
  const block = (markup: string) =>
    readLabelledText(new PageContext(page(`<div class="product"><h1>Thing</h1>${markup}<form class="cart" action="/cart/add"></form></div>`), 'https://shop.example/x'));

  it.each([
    ['<li>Item: <em>10188</em></li>', 'sku:10188'],
    ['<p>Artikel-Nr.: 4711-0815</p>', 'sku:4711-0815'],
    ['<p>Bestellnummer 88-1234</p>', 'sku:88-1234'],
    ['<li class="article">#Артикул 4998</li>', 'sku:4998'],
    ['<p>Код товара: 55123</p>', 'sku:55123'],
    ['<p>Réf. 511604-G5</p>', 'sku:511604-G5'],
    ['<p>Cod produs: RO-77812</p>', 'sku:RO-77812'],
    ['<p>Codice articolo: IT-4411</p>', 'sku:IT-4411'],
    ['<table><tr><td>Артикул:&nbsp;</td><td><span>4NJEUN</span></td></tr></table>', 'sku:4NJEUN'],
    ['<table><tr><th><span><span>Артикул</span></span></th><td><span>164419278</span></td></tr></table>', 'sku:164419278'],
    ['<p>Hersteller-Nr.: UM.QB2EE.E01</p>', 'mpn:UM.QB2EE.E01'],
    ['<p>Modellnummer: HMP 2000</p>', 'mpn:HMP 2000'],
    ['<p>Штрих-код: 3587741651410</p>', 'gtin:3587741651410'],
  ])('reads %s', (markup, expected) => {
    expect(ids(block(markup))).toContain(expected);
  });

  it('takes one id per label, not the next label on the same line', () => {
    expect(ids(block('<p>Artikel-Nr.: TFDELM00046 Hersteller-Nr.: 5397184657249</p>'))).toEqual(['sku:TFDELM00046']);
  });

  it.each([
    ['a phone number', '<p>Код: +373 22 123 456</p>'],
    ['a price', '<p>Артикул: 12,99</p>'],
    ['a price with its currency', '<p>Item no. EUR 12,99</p>'],
    ['a year', '<p>Model: 2021</p>'],
    ['another label sharing a word', '<p>Model height: 175 cm</p>'],
    ['a description', '<p>Style: Casual</p>'],
    ['an id glued to its prefix (the id itself, not a label)', '<p>SKU-123</p>'],
  ])('does not read %s', (_, markup) => {
    expect(block(markup).ids).toEqual([]);
  });

  it('splits a label line into the kind of id and what follows', () => {
    expect(readLabelLine('Art.-Nr. 4711')).toEqual({ kind: 'sku', rest: '4711' });
    expect(readLabelLine('Numéro de l’article: 12')).toEqual({ kind: 'sku', rest: '12' });
    expect(readLabelLine('Telefon: 030 1234')).toBeUndefined();
    expect(textId('sku', '2019')).toBe('');
  });
});

describe('form fields and buttons', () => {
  const read = (body: string) => ids(readFormFields(new PageContext(page(body), 'https://shop.example/x')));

  it.each([
    ['PrestaShop id_product', '<h1>Lipstick</h1><form id="buy_block" action="/cart"><input type="hidden" name="id_product" value="2501"></form>', 'productID:2501'],
    ['osCommerce products_id', '<h1>Monitor</h1><form name="cart_quantity" action="/product_info.php?action=add_product"><input type="hidden" name="products_id" value="36833"></form>', 'productID:36833'],
    ['a bracketed field name', '<h1>Whisky</h1><form class="add-to-cart" action="/cart/add"><input type="hidden" name="form[iid]" value="4998"></form>', 'productID:4998'],
    ['an article number field', '<h1>Cable</h1><form class="cart" action="/basket/add"><input type="hidden" name="artnr" value="AGX1634723"></form>', 'sku:AGX1634723'],
  ])('reads %s', (_, body, expected) => {
    expect(read(body)).toContain(expected);
  });

  it('reads ids on the product block buttons: add to cart, basket, wishlist', () => {
    expect(read('<div class="info"><h1>Mask</h1><a href="/cart/?add-to-cart=32768" class="add_to_cart_button" data-product_id="32768" data-product_sku="">Buy</a></div>')).toContain('productID:32768');
    expect(read('<div class="item"><div><h1>Whisky</h1></div><a href="#" class="addToBasket" data-id="4998">Add</a></div>')).toContain('productID:4998');
  });

  it('reads no ids from elements that are not buy buttons, or from other products cards', () => {
    const body = `<div class="item"><h1>Whisky</h1>
      <div class="review" data-id="77">Great</div><a class="share" data-id="5551234">Share</a>
      <button class="add-to-cart" data-track-id="UA-1234" data-post-id="991">Add</button>
      <div class="related-products"><div class="product-card"><a class="add_to_cart_button" data-product_id="999">Add</a></div></div></div>`;
    expect(read(body)).toEqual([]);
  });

  it('finds the buy button after many swatches that carry product ids: only links and buttons count towards the cap', () => {
    const swatches = Array.from({ length: 40 }, (_, i) => `<li class="swatch" data-product-id="${7000 + i}">Colour ${i}</li>`).join('');
    const body = `<div class="pdp"><h1>Scarf</h1><ul>${swatches}</ul><a class="add-to-cart" data-product-id="6123">Add</a></div>`;
    expect(read(body)).toEqual(['productID:6123']);
  });
});

describe('structured data that is not what it seems', () => {
  it('reads a microdata SKU whose itemprop holds only its label', () => {
    const f = readMicrodata(new PageContext(page('<div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Jacket</span><p><span itemprop="sku">SKU:</span> JK-4711</p></div>'), 'https://shop.example/x'));
    expect(ids(f)).toEqual(['sku:JK-4711']);
  });

  it('does not take a category for a product: a Product with only a price range and no id', () => {
    const head = '<script type="application/ld+json">{"@type":"Product","name":"Sugar","offers":{"@type":"AggregateOffer","lowPrice":"49.99","highPrice":"399.99","offerCount":"17"}}</script>';
    expect(detect('<h1>Sugar</h1><div class="price">from 49.99</div>', 'https://shop.example/catalog/sugar/', head)).toBeNull();
    // The same markup with the product's own id is a product page.
    const own = head.replace('"name":"Sugar"', '"name":"Sugar","sku":"S-1"');
    expect(detect('<h1>Sugar</h1>', 'https://shop.example/catalog/sugar/', own)?.sku).toBe('S-1');
  });

  it('does not take a category wrapped in one microdata Product carrying every tile price for a product', () => {
    const tiles = [10, 20, 30, 40, 50, 60].map((p) => `<div class="tile"><span itemprop="price">${p}</span></div>`).join('');
    const body = `<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Flour</h1>${tiles}<div itemprop="offers" itemscope itemtype="https://schema.org/AggregateOffer"><meta itemprop="lowPrice" content="10"></div></div>`;
    expect(detect(body, 'https://shop.example/spb/flour-20')).toBeNull();
  });

  it('treats og:type product.group as a hint, not as a product page', () => {
    expect(detect('<h1>New in: Clothing</h1>', 'https://shop.example/men/new-in/', '<meta property="og:type" content="product.group">')).toBeNull();
  });

  it('stops at JSON-LD that describes a recipe or an event, even on a shop with a cart form', () => {
    const head = '<script type="application/ld+json">{"@type":"Recipe","name":"Bread","recipeIngredient":["flour"]}</script>';
    expect(detect('<h1>Bread</h1><form class="cart" action="/cart/add"><input name="product_id" value="12"></form>', 'https://shop.example/bread/', head)).toBeNull();
  });
});

describe('a product page without any id', () => {
  it('is a product with an empty sku when a price stands by the title', () => {
    const result = detect('<div class="item"><h1>Leather shoes</h1><div class="price-box"><div class="price">1912 MDL</div><div class="old_price">2390 MDL</div></div></div>', 'https://shop.example/ru/product/leather-shoes');
    expect(result).toMatchObject({ sku: '', ids: [], name: 'Leather shoes' });
  });

  it('is not a product when only the address says "product" (a software vendor page)', () => {
    expect(detect('<section><h1>Get started with bot detection</h1><p>Start free</p></section>', 'https://saas.example/products/bot-detection/')).toBeNull();
  });

  it('is not a product when many prices stand around the title (a listing)', () => {
    const prices = [5, 6, 7, 8, 9].map((p) => `<span class="price">${p}.00</span>`).join('');
    expect(detect(`<div><h1>Shoes</h1>${prices}</div>`, 'https://shop.example/products/shoes')).toBeNull();
  });
});

describe('the title', () => {
  it('is not the h1 of a login dialog', () => {
    const body = `<div id="login-form" class="modal fade"><h1>Sign in</h1><form action="/login"></form></div>
      <div class="page"><div class="page_title">Night mask</div><form class="cart" method="post"><table><tr><td>Артикул:</td><td>4NJEUN</td></tr></table>
      <a class="add_to_cart_button" data-product_id="32768">Buy</a></form></div>`;
    const result = detect(body, 'https://shop.example/tovar/night-mask', '');
    expect(result?.sku).toBe('4NJEUN');
    expect(result?.ids.map((id) => id.value)).toContain('32768');
  });
});

describe('values that look like ids', () => {
  it.each(['+373 22 123456', '(0)30 1234567', '€ 12,99', '12.99', '1 630 ₽', '19,90 EUR'])('%s is not an id', (raw) => {
    expect(normalizeId(raw)).toBe('');
  });

  it.each(['4711-0815', 'UM.QB2EE.E01', '702.611.50', 'BU-REDMI13-8/256-BK', 'P-9S6-3PB49H-049'])('%s is an id', (raw) => {
    expect(normalizeId(raw)).toBe(raw);
  });

  it('checks GTIN check digits', () => {
    expect(isGtin('4006381333931')).toBe(true);
    expect(isGtin('4006381333932')).toBe(false);
    expect(isGtin('133588510845')).toBe(false);
  });
});

describe('reading scripts without exceptions', () => {
  it('leaves JavaScript object literals to the lenient reader and parses JSON natively', () => {
    expect(parseStrictJson("{'ecommerce': {'detail': 1}}", true)).toBeUndefined();
    expect(parseStrictJson('{currencyCode: "MDL"}', true)).toBeUndefined();
    expect(parseStrictJson('{"a": [1, 2,]}')).toBeUndefined();
    expect(parseStrictJson('{"name": "Men\'s tee"}')).toEqual({ value: { name: "Men's tee" } });
    expect(parseStrictJson('{"broken": ')).toBeUndefined();
  });

  it('reads a literal with quotes, escapes and comments in it', () => {
    const text = `x = {'a': "q\\"}", /* } */ 'b': [1, '//', \`]\`] // }\n, c: 3}; rest`;
    const start = text.indexOf('{');
    expect(text.slice(start, matchingBracket(text, start, 10_000))).toBe(text.slice(start, text.indexOf('; rest')));
    expect(readLiteral(text, start, 10_000)?.value).toEqual({ a: 'q"}', b: [1, '//', ']'], c: 3 });
  });

  it('reads JSON-LD with raw line breaks inside strings', () => {
    const head = '<script type="application/ld+json">{"@type":"Product","name":"Monitor\n27 inch","sku":"TF-1","offers":{"@type":"Offer","price":"9"}}</script>';
    expect(detect('<h1>Monitor</h1>', 'https://shop.example/monitor.html', head)).toMatchObject({ sku: 'TF-1', name: 'Monitor 27 inch' });
  });
});

describe('the first look and the complete look', () => {
  const head =
    '<meta property="og:image" content="https://cdn.example/og.jpg">' +
    '<script type="application/ld+json">{"@type":"Product","name":"Tee","sku":"T-1","image":["/t1.jpg","https://cdn.example/og.jpg","/t2.jpg"],"offers":{"@type":"Offer","price":"9"}}</script>' +
    `<script>dataLayer.push({event: 'view_item', ecommerce: {items: [{item_id: 'GA-77', item_name: 'Tee'}]}});</script>`;
  const body = `<div class="product"><div class="gallery"><img src="/g1.jpg" width="600"><img src="/logo.svg"><img src="/thumb.jpg" width="60"><img src="/g2.jpg"></div>
    <h1>Tee</h1><form class="cart" action="/cart/add"><button>Add</button></form></div>
    <div class="related-products"><div class="product-card"><img src="/other.jpg"></div></div>`;
  const url = 'https://shop.example/products/tee';

  it('stops at structured data that names the product and its SKU: no script is scanned, no gallery read', () => {
    const result = detectProduct(page(body, head), url);
    expect(result?.sku).toBe('T-1');
    expect(result?.ids.map((id) => id.value)).not.toContain('GA-77');
    expect(result?.images).toEqual(['https://shop.example/t1.jpg', 'https://cdn.example/og.jpg', 'https://shop.example/t2.jpg']);
  });

  it('reads every source and the gallery when asked for a complete look, with the same SKU first', () => {
    const result = detectProduct(page(body, head), url, undefined, { complete: true });
    expect(result?.sku).toBe('T-1');
    expect(result?.ids.map((id) => `${id.kind}:${id.value}:${id.source}`)).toContain('productID:GA-77:data-layer:ga');
    // Gallery photos are added after the structured ones; logos, thumbnails and other products' pictures are not.
    expect(result?.images).toEqual(['https://shop.example/t1.jpg', 'https://cdn.example/og.jpg', 'https://shop.example/t2.jpg', 'https://shop.example/g1.jpg', 'https://shop.example/g2.jpg']);
  });

  it('keeps at most 20 images, absolute http(s) and without repeats', () => {
    const many = JSON.stringify(Array.from({ length: 30 }, (_, i) => `/p${i % 25}.jpg`).concat(['javascript:alert(1)', 'data:image/png;base64,AA']));
    const result = detectProduct(page('<h1>Tee</h1>', `<script type="application/ld+json">{"@type":"Product","sku":"T-1","image":${many},"offers":{"@type":"Offer","price":"9"}}</script>`), url);
    expect(result?.images).toHaveLength(20);
    expect(new Set(result?.images).size).toBe(20);
    expect(result?.images?.every((image) => image.startsWith('https://shop.example/p'))).toBe(true);
  });
});
