// progressive enhancement: dropping a file on the zone submits it; the plain form works without this
(function () {
  var zone = document.getElementById("drop-zone"), input = document.getElementById("f-photo");
  document.getElementById("drop-hint").hidden = false;
  ["dragenter", "dragover"].forEach(function (t) { zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); }); });
  zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
  zone.addEventListener("drop", function (e) {
    e.preventDefault(); zone.classList.remove("over");
    if (e.dataTransfer.files.length) { input.files = e.dataTransfer.files; document.getElementById("identify-form").submit(); }
  });
})();
