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
show();
body.dataset.views=String(views.length);
if(body.dataset.rendered==='no'){body.dataset.rendered='ok';}
})();
