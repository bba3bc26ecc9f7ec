// The verification page: sends the file to /v1/inspect and draws the answer. No external code, no inline script.
(function () {
  'use strict';
  var T = JSON.parse(document.getElementById('strings').textContent);
  var lang = document.documentElement.lang === 'en' ? 'en' : 'vi';
  var drop = document.getElementById('drop');
  var input = document.getElementById('file');
  var downloadUrl = null;
  var lastFile = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function row(dl, label, value) {
    if (value === undefined || value === null || value === '') { return; }
    dl.appendChild(el('dt', null, label));
    dl.appendChild(el('dd', null, value));
  }

  function list(parent, title, items, cls) {
    if (!items || !items.length) { return; }
    parent.appendChild(el('p', null, title + ':'));
    var ul = el('ul', cls);
    items.forEach(function (s) { ul.appendChild(el('li', null, s)); });
    parent.appendChild(ul);
  }

  function place(div, b) {
    div.style.left = (b.x * 100) + '%';
    div.style.top = (b.y * 100) + '%';
    div.style.width = (b.w * 100) + '%';
    div.style.height = (b.h * 100) + '%';
  }

  function show(data) {
    document.getElementById('result').hidden = false;
    var v = document.getElementById('verdict');
    v.className = data.verdict;
    v.dataset.verdict = data.verdict;
    v.textContent = data.verdictText;
    document.getElementById('file-name').textContent = data.file;
    var err = document.getElementById('error');
    err.hidden = !data.error;
    err.textContent = data.error ? T.error + ': ' + data.error : '';
    if (downloadUrl) { URL.revokeObjectURL(downloadUrl); }
    downloadUrl = URL.createObjectURL(new Blob([JSON.stringify(data.report, null, 2)], {type: 'application/json'}));
    var dl = document.getElementById('download');
    dl.href = downloadUrl;
    dl.download = (data.file || 'report') + '.verify.json';

    var ol = document.getElementById('signatures');
    ol.textContent = '';
    (data.signatures || []).forEach(function (s, i) {
      var li = el('li', s.indication);
      li.dataset.indication = s.indication;
      li.appendChild(el('strong', null, (i + 1) + '. ' + s.signedBy));
      var d = el('dl');
      row(d, T.result, s.indicationText + (s.subIndicationText ? ' (' + s.subIndicationText + ')' : ''));
      row(d, T.signer, s.signedBy);
      row(d, T.organisation, s.organisation);
      row(d, T.ca, s.ca);
      row(d, T.time, s.provenSigningTime || s.claimedSigningTime);
      row(d, T.level, s.level);
      row(d, T.coverage, s.coverageText);
      li.appendChild(d);
      list(li, T.changes, s.modificationsAfterSigning, 'changes');
      list(li, T.errors, s.errors, 'errors');
      list(li, T.warnings, s.warnings, 'warnings');
      if (s.chain && s.chain.length) {
        list(li, T.chain, s.chain.map(function (c) {
          return c.subject + ' (' + T.validity + ' ' + c.notBefore.substring(0, 10) + ' → ' + c.notAfter.substring(0, 10) + ')';
        }), 'chain');
      }
      ol.appendChild(li);
    });

    var pages = document.getElementById('pages');
    pages.textContent = '';
    var hasPages = data.pages && data.pages.length;
    document.getElementById('pages-title').hidden = !hasPages;
    (data.pages || []).forEach(function (p) {
      pages.appendChild(el('p', 'pagelabel', T.page + ' ' + p.number));
      var view = el('div', 'pageview');
      view.dataset.page = p.number;
      var img = el('img');
      img.src = p.image;
      img.alt = T.page + ' ' + p.number;
      img.width = p.width;
      img.height = p.height;
      view.appendChild(img);
      p.signatureBoxes.forEach(function (b) {
        var d = el('div', 'sigbox');
        place(d, b);
        d.appendChild(el('span', null, b.label));
        view.appendChild(d);
      });
      p.changedAreas.forEach(function (b) {
        var d = el('div', 'changed');
        d.title = T.legendChange;
        place(d, b);
        view.appendChild(d);
      });
      pages.appendChild(view);
      pages.appendChild(el('br'));
    });
    if (data.pagesOmitted) { pages.appendChild(el('p', null, T.pagesOmitted)); }
    document.body.dataset.state = 'done';
  }

  function send(file) {
    if (!file) { return; }
    lastFile = file;
    document.body.dataset.state = 'busy';
    document.getElementById('busy').hidden = false;
    document.getElementById('result').hidden = true;
    var form = new FormData();
    form.append('file', file, file.name);
    fetch('/v1/inspect?lang=' + lang, {method: 'POST', body: form})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        document.getElementById('busy').hidden = true;
        if (data.error && data.error.code) {
          show({verdict: 'UNREADABLE', verdictText: data.error.message, file: file.name, report: data, signatures: [], pages: []});
        } else {
          show(data);
        }
      })
      .catch(function () {
        document.getElementById('busy').hidden = true;
        show({verdict: 'UNREADABLE', verdictText: T.error, file: file.name, report: {}, signatures: [], pages: []});
      });
  }

  // the PDF validation record: the same file verified again, answered as a PDF (sealed when the service has a seal)
  document.getElementById('record').addEventListener('click', function () {
    if (!lastFile) { return; }
    var form = new FormData();
    form.append('file', lastFile, lastFile.name);
    fetch('/v1/verify?format=pdf&lang=' + lang, {method: 'POST', body: form})
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.blob(); })
      .then(function (b) {
        var a = el('a');
        a.href = URL.createObjectURL(b);
        a.download = lastFile.name + '.validation.pdf';
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      })
      .catch(function () { document.getElementById('error').hidden = false; document.getElementById('error').textContent = T.error; });
  });

  input.addEventListener('change', function () { send(input.files[0]); });
  ['dragenter', 'dragover'].forEach(function (n) {
    drop.addEventListener(n, function (e) { e.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (n) {
    drop.addEventListener(n, function (e) { e.preventDefault(); drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (e) { send(e.dataTransfer.files[0]); });
}());
