// The lessons in the page: every preset opens cleanly with its words, the
// menu leads from one lesson to the next, comparisons train in step, and
// "Show the math" shows the engine's own numbers. Screenshots of a
// comparison, the math and a Korean lesson land in tests/artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, open, shot } from './helpers.mjs';
import { LESSONS } from '../web/lessons.js';
import en from '../web/messages/en.js';
import ko from '../web/messages/ko.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('every lesson opens from its link with its words, its scene and no console error', async () => {
  const { page, context, errors } = await open(browser);
  for (const lesson of LESSONS) {
    await page.goto(new URL(`?preset=${lesson.name}`, page.url()).href);
    await page.waitForSelector('body[data-ready="true"]');
    const words = en.lessons.items[lesson.name];
    assert.equal(await page.locator('.lesson-title').textContent(), words.title);
    assert.equal(await page.inputValue('.lesson-menu'), lesson.name);
    const state = await page.evaluate(() => window.nnplay.state);
    for (const [key, value] of Object.entries(lesson.scene)) {
      if (!lesson.compare || key !== lesson.compare.key) assert.deepEqual(state[key], value, `${lesson.name}: ${key}`);
    }
    const cards = await page.locator('.compare .variant').count();
    assert.equal(cards, lesson.compare ? lesson.compare.values.length : 0, lesson.name);
    assert.equal(await page.locator('.math').count(), lesson.name === 'backprop' ? 1 : 0);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('the lesson menu leads from one lesson to the next, and free play leaves the lessons', async () => {
  const { page, context } = await open(browser, '?preset=perceptron-and');
  await page.click('text=Next →');
  await page.waitForFunction(() => window.nnplay.state.preset === 'perceptron-xor');
  assert.match(page.url(), /preset=perceptron-xor/);
  assert.equal(await page.evaluate(() => window.nnplay.state.dataset), 'xorTable');
  await page.selectOption('.lesson-menu', 'softmax');
  await page.waitForFunction(() => window.nnplay.state.preset === 'softmax');
  assert.equal(await page.evaluate(() => window.nnplay.call('outputs')), 3);
  // A setting changed inside a lesson stays in its link, on top of the scene.
  await page.selectOption('#c-learningRate', '0.03');
  await page.waitForFunction(() => window.nnplay.state.learningRate === 0.03);
  assert.match(page.url(), /preset=softmax.*learningRate=0\.03|learningRate=0\.03.*preset=softmax/);
  await page.goBack();
  await page.waitForFunction(() => window.nnplay.state.learningRate === 0.01);
  await page.selectOption('.lesson-menu', '');
  await page.waitForFunction(() => window.nnplay.state.preset === null);
  assert.equal(await page.locator('.lesson-title').count(), 0);
  // The page lists every lesson as a link.
  assert.equal(await page.locator('.lesson-list a').count(), LESSONS.length);
  await context.close();
});

test('a comparison trains its players in step from the same start', async () => {
  const { page, context, errors } = await open(browser, '?preset=width-depth');
  await page.click('text=Step all');
  await page.click('text=Step all');
  await page.waitForFunction(() => [...document.querySelectorAll('.compare .figures')].every((p) => p.textContent.startsWith('Epoch 2 ')));
  await page.click('text=▶ Play all');
  await page.waitForTimeout(1500);
  await page.click('text=❚❚ Pause all');
  const epochs = await page.evaluate(() => [...document.querySelectorAll('.compare .figures')].map((p) => p.textContent.match(/Epoch (\d+)/)[1]));
  assert.equal(new Set(epochs).size, 1, `epochs ${epochs}`);
  assert.ok(Number(epochs[0]) > 2);
  await shot(page, 'lesson-compare', { fullPage: true });
  // "Open" puts a variant into the full player.
  await page.click('.variant[data-variant="1"] button.open');
  await page.waitForFunction(() => window.nnplay.state.hiddenLayers.join() === '3');
  assert.deepEqual(errors, []);
  await context.close();
});

for (const activation of ['sigmoid', 'tanh', 'relu']) {
  test(`"Show the math" shows the engine's gradients (${activation})`, async () => {
    const { page, context, errors } = await open(browser, `?preset=backprop&activation=${activation}`);
    // The backward pass of the first hidden layer's two neurons are the two
    // stages before the last (the update): one neuron at a time.
    await page.waitForFunction(() => /of \d+/.test(document.querySelector('.math-counter')?.textContent));
    const stages = await page.evaluate(() => Number(document.querySelector('.math-counter').textContent.match(/of (\d+)/)[1]));
    assert.equal(stages, 2 * 3 + 2, '2-2-1: three neurons forward, the loss, three backward, the update');
    for (let i = 1; i < stages - 2; i++) await page.click('text=Forward →');
    const text = () => page.evaluate(() => [...document.querySelectorAll('.math-body .formula')].map((p) => p.textContent));
    const shown = await text();
    assert.equal(await page.locator('.diagram .node.computing').count(), 1, 'the diagram marks the neuron being computed');
    await page.click('text=Forward →');
    shown.push(...await text());
    const engine = await page.evaluate(async () => {
      const t = (await window.nnplay.call('points')).train;
      const i = t.x.length - 1;
      return (await window.nnplay.call('explain', { x: t.x[i], y: t.y[i], label: t.label[i] })).layers[0];
    });
    const four = (v) => v.toFixed(4).replace('-', '−');
    const weights = shown.filter((l) => l.startsWith('∂L/∂w'));
    assert.equal(weights.length, engine.gradWeights.length, shown.join('\n'));
    weights.forEach((line, k) => assert.ok(line.endsWith(`= ${four(engine.gradWeights[k])}`), `${line} vs ${engine.gradWeights[k]}`));
    const biases = shown.filter((l) => l.startsWith('∂L/∂b'));
    biases.forEach((line, k) => assert.ok(line.endsWith(`= ${four(engine.gradBiases[k])}`), `${line} vs ${engine.gradBiases[k]}`));
    if (activation === 'sigmoid') {
      await shot(page, 'lesson-math', { fullPage: true });
      // The last stage offers exactly the step shown: after it, the weights
      // are the ones the update stage printed.
      await page.click('text=Forward →');
      const next = await page.evaluate(async () => {
        const t = (await window.nnplay.call('points')).train;
        const i = t.x.length - 1;
        return (await window.nnplay.call('explain', { x: t.x[i], y: t.y[i], label: t.label[i] })).layers.map((l) => l.nextWeights);
      });
      await page.getByRole('button', { name: 'Take this step' }).click();
      await page.waitForFunction(() => window.nnplay.summary?.step === 1);
      const now = await page.evaluate(async () => (await window.nnplay.call('weights')).map((l) => Array.from(l.weights)));
      next.forEach((layer, l) => layer.forEach((w, k) => assert.ok(Math.abs(w - now[l][k]) < 1e-6, `w ${l} ${k}: ${w} vs ${now[l][k]}`)));
      // A click on the output picks the point to follow instead of adding one.
      const count = await page.evaluate(async () => (await window.nnplay.call('points')).train.x.length);
      const box = await page.locator('#boundary').boundingBox();
      await page.mouse.click(box.x + box.width * 0.25, box.y + box.height * 0.25);
      await page.waitForFunction(() => document.querySelector('.math-points [aria-pressed="true"]')?.textContent === 'x₁ = 0, x₂ = 1 → y = 1');
      assert.equal(await page.evaluate(async () => (await window.nnplay.call('points')).train.x.length), count);
    }
    // And with one point per step, those are the gradients training uses.
    // On a copy of the run (a model file): the page's run lives in its engine.
    const same = await page.evaluate(async () => {
      const { Playground } = await import('./web/pkg/nnplay_wasm.js');
      const p = Playground.fromModel(await window.nnplay.call('exportModel'));
      const t = p.points().train;
      const i = t.x.length - 1;
      const point = { x: t.x[i], y: t.y[i], label: t.label[i] };
      p.setPoints({ train: [point] });
      const e = p.explain(point.x, point.y, point.label);
      p.trainStep(1);
      const g = p.weightGradients();
      return e.layers.every((l, j) => l.gradWeights.every((v, k) => Math.abs(v - g[j].weights[k]) < 1e-6));
    });
    assert.ok(same);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('switching the language keeps a comparison where it was', async () => {
  const { page, context, errors } = await open(browser, '?preset=width-depth');
  await page.click('text=Step all');
  await page.click('text=Step all');
  await page.waitForFunction(() => [...document.querySelectorAll('.compare .figures')].every((p) => p.textContent.startsWith('Epoch 2 ')));
  await page.selectOption('#language', 'ko');
  await page.waitForFunction(() => document.documentElement.lang === 'ko' || document.getElementById('play').textContent === '▶ 재생');
  await page.waitForFunction(() => [...document.querySelectorAll('.compare .figures')].every((p) => p.textContent.startsWith('에포크 2 ')));
  // And they go on from there, in step.
  await page.click('text=모두 한 단계');
  await page.waitForFunction(() => [...document.querySelectorAll('.compare .figures')].every((p) => p.textContent.startsWith('에포크 3 ')));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a lesson in Korean has Korean words throughout', async () => {
  const { page, context, errors } = await open(browser, '?preset=vanishing-gradient&lang=ko');
  const words = ko.lessons.items['vanishing-gradient'];
  assert.equal(await page.locator('.lesson-title').textContent(), words.title);
  const text = await page.evaluate(() => document.querySelector('.lesson').innerText);
  for (const english of [en.lessons.look, en.lessons.try, en.lessons.expect, en.lessons.stepAll, en.lessons.items['vanishing-gradient'].look]) {
    assert.ok(!text.includes(english), `"${english}" is still English`);
  }
  assert.match(text, /기울기 소실/);
  await page.click('text=모두 한 단계');
  await page.waitForFunction(() => [...document.querySelectorAll('.compare .figures')].every((p) => p.textContent.startsWith('에포크 1 ')));
  await shot(page, 'lesson-korean', { fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});
