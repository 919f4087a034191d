// the print button of the Object ID checklist (no inline script: the content security policy forbids it)
document.getElementById("print-page").addEventListener("click", function () { window.print(); });
