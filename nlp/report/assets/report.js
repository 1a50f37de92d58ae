(function(){
var body=document.body;
window.addEventListener('error',function(ev){body.dataset.rendered='error: '+(ev.message||'?');});
var views=Array.prototype.slice.call(document.querySelectorAll('section.view'));
var links=Array.prototype.slice.call(document.querySelectorAll('nav a'));
function show(){
  var id=decodeURIComponent((location.hash||'#overview').slice(1));
  var target=id?document.getElementById(id):null;
  var view=target&&target.closest?target.closest('section.view'):null;
  if(!view){view=document.getElementById('overview');}
  views.forEach(function(v){v.hidden=(v!==view);});
  links.forEach(function(a){a.classList.toggle('active',a.getAttribute('href')==='#'+view.id);});
  if(target&&target!==view){target.scrollIntoView({block:'center'});}else{window.scrollTo(0,0);}
  body.dataset.view=view.id;
}
window.addEventListener('hashchange',show);
var box=document.getElementById('filter');
if(box){box.addEventListener('input',function(){
  var q=box.value.trim().toLowerCase();
  document.querySelectorAll('nav ul.list li').forEach(function(li){
    if(li.classList.contains('grp')||li.classList.contains('more')){li.hidden=!!q;return;}
    li.hidden=!!q&&li.textContent.toLowerCase().indexOf(q)<0;});
});}
document.querySelectorAll('table.sortable').forEach(function(t){
  var heads=t.querySelectorAll('thead th');
  heads.forEach(function(th,col){th.style.cursor='pointer';th.addEventListener('click',function(){
    var asc=th.dataset.dir!=='asc';heads.forEach(function(h){delete h.dataset.dir;});th.dataset.dir=asc?'asc':'desc';
    var tb=t.tBodies[0],rows=Array.prototype.slice.call(tb.rows);
    function key(r){var c=r.cells[col],v=c?(c.dataset.v!==undefined?c.dataset.v:c.textContent):'';
      var n=parseFloat(v);return isNaN(n)?v:n;}
    rows.sort(function(a,b){var x=key(a),y=key(b);var d=(typeof x==='number'&&typeof y==='number')?x-y:
      String(x).localeCompare(String(y),'zh');return asc?d:-d;});
    rows.forEach(function(r){tb.appendChild(r);});});});
});
show();
body.dataset.views=String(views.length);
if(body.dataset.rendered==='no'){body.dataset.rendered='ok';}
})();
