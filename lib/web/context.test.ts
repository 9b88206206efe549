import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validContext, withContext } from './context';

describe('withContext', () => {
  test('adds the context to page and API links, keeping their query and anchor', () => {
    assert.equal(withContext('/namespaces/a', 'prod@eu'), '/namespaces/a?context=prod%40eu');
    assert.equal(withContext('/who-can?verb=get#x', 'p'), '/who-can?verb=get&context=p#x');
    assert.equal(withContext('/?context=q', 'p'), '/?context=q', 'a link that names its context keeps it');
  });

  test('leaves links alone without a context, and links to other sites always', () => {
    assert.equal(withContext('/a', undefined), '/a');
    assert.equal(withContext('https://kubernetes.io/docs', 'p'), 'https://kubernetes.io/docs');
    assert.equal(withContext('//evil.example/x', 'p'), '//evil.example/x');
  });

  test('context names: printable, no spaces, bounded', () => {
    assert.equal(validContext('kind-dev'), 'kind-dev');
    assert.equal(validContext('arn:aws:eks:eu-west-1:1:cluster/x'), 'arn:aws:eks:eu-west-1:1:cluster/x');
    assert.equal(validContext('a b'), undefined);
    assert.equal(validContext('x'.repeat(254)), undefined);
    assert.equal(validContext(''), undefined);
    assert.equal(validContext(null), undefined);
  });
});
