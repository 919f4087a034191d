// "not registered" boxes of an assessment fill in their answer field (no inline script: the content
// security policy forbids it)
document.querySelectorAll("input.not-registered").forEach(function (box) {
  box.addEventListener("click", function () {
    document.getElementById(box.dataset.answer).value = box.checked ? box.dataset.value : "";
  });
});
